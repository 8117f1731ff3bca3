-- Revert courtbook:payments/refund_life_cycle from pg

begin;
drop function internal.refund_failed_at_stripe(bigint, text, text);
drop function internal.refund_submitted(bigint, text, text);
drop function data.stripe_refund_metadata_id(jsonb);
commit;
