-- Revert courtbook:views/bookings from pg

begin;
drop view api.bookings;
commit;
