-- Revert courtbook:payments/record_refund_from_stripe from pg: back to its @v0.1.0 version

begin;
-- The released version has only the four-argument form, written with create function.
drop function internal.record_refund_from_stripe(text, text, integer, text);
drop function internal.record_refund_from_stripe(text, text, integer, text, text, bigint);
\ir ../../../functions/payments/record_refund_from_stripe@v0.1.0.sql
commit;
