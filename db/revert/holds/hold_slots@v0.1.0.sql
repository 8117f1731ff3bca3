-- Revert courtbook:holds/hold_slots from pg

begin;
drop function api.hold_slots(bigint[], text);
commit;
