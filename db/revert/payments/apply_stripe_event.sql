-- Revert courtbook:payments/apply_stripe_event from pg: back to its @v0.1.0 version

begin;
-- The released version was written with create function (not or replace).
drop function internal.apply_stripe_event(text, boolean);
\ir ../../../functions/payments/apply_stripe_event@v0.1.0.sql
commit;
