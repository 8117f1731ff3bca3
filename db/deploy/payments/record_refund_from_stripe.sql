-- Deploy courtbook:payments/record_refund_from_stripe to pg
-- Reworked after @v0.1.0 (refunds follow Stripe's life cycle: pending ones recorded, failures retried once); the released version is deploy/payments/record_refund_from_stripe@v0.1.0.sql

begin;
\ir ../../../functions/payments/record_refund_from_stripe.sql
commit;
