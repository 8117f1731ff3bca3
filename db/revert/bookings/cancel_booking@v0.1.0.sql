-- Revert courtbook:bookings/cancel_booking from pg

begin;
drop function api.owner_cancel_booking(bigint, text);
drop function api.cancel_booking(bigint, text);
drop function data.cancel_booking_as(data.booking, text, uuid, boolean, boolean);
commit;
