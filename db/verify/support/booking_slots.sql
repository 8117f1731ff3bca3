-- Verify courtbook:support/booking_slots on pg

begin;
select 'data.lock_booking_slots(bigint, boolean)'::regprocedure;
rollback;
