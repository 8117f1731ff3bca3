-- Revert courtbook:types/discovery_rows_in_api from pg

begin;
alter type api.available_slot set schema data;
alter type api.nearby_venue set schema data;
commit;
