-- Revert courtbook:discovery/nearby_venues from pg

begin;
drop function api.nearby_venues(double precision, double precision, double precision, text);
drop type data.nearby_venue;
commit;
