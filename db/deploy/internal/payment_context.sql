-- Deploy courtbook:internal/payment_context to pg
-- Reworked after @v0.1.0; the released version is deploy/internal/payment_context@v0.1.0.sql

begin;
\ir ../../../functions/internal/payment_context.sql
commit;
