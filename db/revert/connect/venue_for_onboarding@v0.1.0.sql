-- Revert courtbook:connect/venue_for_onboarding from pg

begin;
drop function internal.venue_for_onboarding(bigint, uuid, text);
commit;
