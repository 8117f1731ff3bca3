-- Revert courtbook:owner/generate_slots from pg

begin;
drop function api.generate_slots(bigint, bigint, date, integer);
commit;
