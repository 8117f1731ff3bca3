-- Revert courtbook:internal/record_payment_attempt from pg

begin;
drop function internal.record_payment_attempt(text, text, text, timestamptz);
commit;
