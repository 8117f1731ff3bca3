-- Deploy courtbook:payments/refund_life_cycle to pg

begin;
\ir ../../../functions/payments/refund_life_cycle.sql
commit;
