-- Revert courtbook:views/venue_staff from pg

begin;
drop view api.venue_staff;
commit;
