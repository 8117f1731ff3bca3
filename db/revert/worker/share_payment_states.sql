-- Revert courtbook:worker/share_payment_states from pg

begin;
drop function internal.share_payment_states(text[]);
commit;
