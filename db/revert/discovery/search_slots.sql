-- Revert courtbook:discovery/search_slots from pg

begin;
drop function api.search_slots(double precision, double precision, double precision, timestamptz, timestamptz, text, integer, boolean, integer);
drop type api.search_slot;
commit;
