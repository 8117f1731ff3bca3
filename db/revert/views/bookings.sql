-- Revert courtbook:views/bookings from pg: back to its @v0.1.0 version

begin;
drop view api.bookings;
drop function data.caller_booking_refunds(bigint, uuid);
\ir ../../../sql/views/bookings@v0.1.0.sql
commit;
