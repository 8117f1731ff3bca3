-- Revert courtbook:tables/venue_staff from pg

begin;
drop table data.venue_staff;
commit;
