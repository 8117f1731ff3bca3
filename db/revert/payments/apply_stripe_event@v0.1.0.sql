-- Revert courtbook:payments/apply_stripe_event from pg

begin;
drop function internal.apply_stripe_event(text, boolean);
commit;
