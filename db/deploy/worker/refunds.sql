-- Deploy courtbook:worker/refunds to pg
-- Reworked after @v0.1.0 (a refund already at Stripe is never asked for again); the released version is deploy/worker/refunds@v0.1.0.sql

begin;
\ir ../../../functions/worker/refunds.sql
commit;
