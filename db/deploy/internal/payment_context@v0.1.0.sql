-- Deploy courtbook:internal/payment_context to pg

begin;
\ir ../../../functions/internal/payment_context@v0.1.0.sql
commit;
