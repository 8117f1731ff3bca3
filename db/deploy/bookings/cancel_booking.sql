-- Deploy courtbook:bookings/cancel_booking to pg
-- Reworked after @v0.1.0 (club, issue 20): the script differs from the released one, so its sqitch script hash does too

begin;
\ir ../../../functions/bookings/cancel_booking.sql
commit;
