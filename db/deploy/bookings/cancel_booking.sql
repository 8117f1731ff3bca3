-- Deploy courtbook:bookings/cancel_booking to pg

begin;
\ir ../../../functions/bookings/cancel_booking.sql
commit;
