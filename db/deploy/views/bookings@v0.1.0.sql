-- Deploy courtbook:views/bookings to pg

begin;
\ir ../../../sql/views/bookings@v0.1.0.sql
commit;
