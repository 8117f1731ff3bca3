-- Revert courtbook:bookings/cancel_booking from pg: back to its @v0.1.0 version

begin;
drop function api.owner_cancel_booking(bigint, text);
drop function api.cancel_booking(bigint, text);
drop type api.cancellation;
drop function data.cancel_booking_as(data.booking, text, uuid, boolean, boolean);
\ir ../../../functions/bookings/cancel_booking@v0.1.0.sql
commit;
