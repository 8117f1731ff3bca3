-- Revert courtbook:discovery/available_slots from pg

begin;
drop function api.available_slots(bigint, bigint, timestamptz, timestamptz, text);
drop type data.available_slot;
commit;
