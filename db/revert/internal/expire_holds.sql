-- Revert courtbook:internal/expire_holds from pg

begin;
drop function internal.expire_holds(integer);
drop function internal.lapsed_holds_with_payment(integer, bigint);
drop function internal.release_orphaned_holds(integer);
drop function internal.expire_hold(bigint);
drop function data.expire_locked_booking(data.booking);
drop function data.has_live_payment(bigint);
commit;
