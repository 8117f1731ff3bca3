-- Revert courtbook:worker/payment_states from pg

begin;
drop function internal.payment_states(text[]);
commit;
