-- Revert courtbook:support/slots from pg

begin;
drop function data.take_slots(bigint, bigint[], data.slot_status, timestamptz, uuid);
drop function data.slot_selection(bigint[], boolean);
drop function data.clean_slot_ids(bigint[]);
commit;
