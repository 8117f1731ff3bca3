-- Deploy courtbook:worker/payment_states to pg

begin;
\ir ../../../functions/worker/payment_states.sql
commit;
