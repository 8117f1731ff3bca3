-- Verify courtbook:support/booking_lock on pg

begin;
select 'data.lock_booking(bigint)'::regprocedure;
select 'data.lock_player_booking(bigint, uuid)'::regprocedure;
rollback;
