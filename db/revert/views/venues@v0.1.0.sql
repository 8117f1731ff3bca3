-- Revert courtbook:views/venues from pg

begin;
drop view api.venues;
commit;
