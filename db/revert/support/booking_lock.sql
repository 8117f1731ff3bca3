-- Revert courtbook:support/booking_lock from pg

begin;
drop function data.lock_player_booking(bigint, uuid);
drop function data.lock_booking(bigint);
commit;
