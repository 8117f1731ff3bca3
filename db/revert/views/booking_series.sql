-- Revert courtbook:views/booking_series from pg

begin;
drop view api.booking_series;
commit;
