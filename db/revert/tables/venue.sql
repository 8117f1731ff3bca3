-- Revert courtbook:tables/venue from pg

begin;
drop table data.venue;
drop function data.owns_venue(bigint);
drop function data.venue_earth(double precision, double precision);
commit;
