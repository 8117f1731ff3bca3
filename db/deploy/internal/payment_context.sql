-- Deploy courtbook:internal/payment_context to pg

begin;
\ir ../../../functions/internal/payment_context.sql
commit;
