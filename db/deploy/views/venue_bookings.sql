-- Deploy courtbook:views/venue_bookings to pg

begin;
\ir ../../../sql/views/venue_bookings.sql
commit;
