-- Revert courtbook:payments/store_stripe_event from pg

begin;
drop function internal.store_stripe_event(text, text, boolean, timestamptz, text, jsonb);
drop function data.stripe_event_object_id(text, jsonb);
commit;
