-- Revert courtbook:holds/release_hold from pg

begin;
drop function api.release_hold(bigint);
commit;
