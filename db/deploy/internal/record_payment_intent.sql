-- Deploy courtbook:internal/record_payment_intent to pg

begin;
\ir ../../../functions/internal/record_payment_intent.sql
commit;
