-- Verify courtbook:support/slots on pg

begin;
select 'data.clean_slot_ids(bigint[])'::regprocedure;
select 'data.slot_selection(bigint[], boolean)'::regprocedure;
select 'data.take_slots(bigint, bigint[], data.slot_status, timestamptz, uuid)'::regprocedure;
rollback;
