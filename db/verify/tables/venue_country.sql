-- Verify courtbook:tables/venue_country on pg

begin;
select country from data.venue where false;
select 1 / (data.is_iso_country('ES') and not data.is_iso_country('XX'))::int;
rollback;
