-- Deploy courtbook:payments/apply_stripe_event to pg
-- Reworked after @v0.1.0; the released version is deploy/payments/apply_stripe_event@v0.1.0.sql

begin;
\ir ../../../functions/payments/apply_stripe_event.sql
commit;
