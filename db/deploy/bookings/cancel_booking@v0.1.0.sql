-- Deploy courtbook:bookings/cancel_booking to pg

begin;
\ir ../../../functions/bookings/cancel_booking@v0.1.0.sql
commit;
