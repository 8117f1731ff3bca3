-- Revert courtbook:owner/venues from pg

begin;
drop function api.create_venue(text, text, text, double precision, double precision, text, text, integer, uuid);
drop function api.update_venue(bigint, text, text, text, double precision, double precision, text, text, integer);
commit;
