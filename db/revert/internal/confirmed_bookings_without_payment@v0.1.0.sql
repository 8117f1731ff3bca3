-- Revert courtbook:internal/confirmed_bookings_without_payment from pg

begin;
drop function internal.confirmed_bookings_without_payment();
commit;
