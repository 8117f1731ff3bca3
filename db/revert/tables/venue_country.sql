-- Revert courtbook:tables/venue_country from pg

begin;
alter table data.venue drop column country;
drop function data.is_iso_country(text);
commit;
