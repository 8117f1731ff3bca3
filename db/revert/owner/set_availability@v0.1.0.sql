-- Revert courtbook:owner/set_availability from pg

begin;
drop function api.set_availability(bigint, json);
commit;
