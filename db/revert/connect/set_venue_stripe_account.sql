-- Revert courtbook:connect/set_venue_stripe_account from pg

begin;
drop function internal.set_venue_stripe_account(bigint, text);
commit;
