-- Revert courtbook:connect/venue_for_onboarding from pg: back to its @v0.1.0 version

begin;
-- The released version was written with create function (not or replace).
drop function internal.venue_for_onboarding(bigint, uuid, text);
\ir ../../../functions/connect/venue_for_onboarding@v0.1.0.sql
commit;
