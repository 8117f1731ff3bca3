-- Revert courtbook:views/my_venues from pg

begin;
drop view api.my_venues;
commit;
