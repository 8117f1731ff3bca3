-- Revert courtbook:payments/record_refund_from_stripe from pg

begin;
drop function internal.record_refund_from_stripe(text, text, integer, text);
commit;
