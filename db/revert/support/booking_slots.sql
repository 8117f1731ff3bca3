-- Revert courtbook:support/booking_slots from pg

begin;
drop function data.lock_booking_slots(bigint, boolean);
commit;
