-- Revert courtbook:internal/confirm_booking_from_payment from pg

begin;
drop function internal.confirm_booking_from_payment(text, integer, text);
commit;
