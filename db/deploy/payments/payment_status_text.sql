-- Deploy courtbook:payments/payment_status_text to pg

begin;
\ir ../../../functions/payments/payment_status_text.sql
commit;
