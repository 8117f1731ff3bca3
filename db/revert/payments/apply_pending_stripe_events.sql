-- Revert courtbook:payments/apply_pending_stripe_events from pg

begin;
drop function internal.apply_pending_stripe_events(text, boolean, integer);
commit;
