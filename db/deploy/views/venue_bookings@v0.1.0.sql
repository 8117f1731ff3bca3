-- Deploy courtbook:views/venue_bookings to pg

begin;
\ir ../../../sql/views/venue_bookings@v0.1.0.sql
commit;
