-- Revert courtbook:internal/fail_booking_from_payment from pg

begin;
drop function internal.fail_booking_from_payment(text, data.payment_status, text);
commit;
