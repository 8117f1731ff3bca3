-- Revert courtbook:views/venue_bookings from pg: back to its @v0.1.0 version

begin;
drop view api.venue_bookings;
\ir ../../../sql/views/venue_bookings@v0.1.0.sql
commit;
