-- Revert courtbook:views/venue_bookings from pg

begin;
drop view api.venue_bookings;
commit;
