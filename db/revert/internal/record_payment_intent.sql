-- Revert courtbook:internal/record_payment_intent from pg

begin;
drop function internal.record_payment_intent(bigint, text, integer, text, integer, text, boolean);
commit;
