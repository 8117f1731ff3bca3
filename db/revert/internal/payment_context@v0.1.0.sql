-- Revert courtbook:internal/payment_context from pg

begin;
drop function internal.payment_context(bigint, uuid);
commit;
