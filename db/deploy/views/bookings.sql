-- Deploy courtbook:views/bookings to pg

begin;
\ir ../../../sql/views/bookings.sql
commit;
