-- Deploy courtbook:worker/share_payment_states to pg

begin;
\ir ../../../functions/worker/share_payment_states.sql
commit;
