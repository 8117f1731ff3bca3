-- Deploy courtbook:payments/record_refund_from_stripe to pg

begin;
\ir ../../../functions/payments/record_refund_from_stripe@v0.1.0.sql
commit;
