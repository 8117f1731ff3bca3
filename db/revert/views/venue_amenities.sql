-- Revert courtbook:views/venue_amenities from pg

begin;
drop view api.venue_amenities;
commit;
