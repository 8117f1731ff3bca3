-- Revert courtbook:connect/update_stripe_account_status from pg

begin;
drop function internal.update_stripe_account_status(text, boolean, boolean);
commit;
