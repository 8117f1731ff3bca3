-- Deploy courtbook:internal/record_payment_attempt to pg

begin;
\ir ../../../functions/internal/record_payment_attempt.sql
commit;
