-- Deploy courtbook:tables/venue_country to pg

begin;
\ir ../../../sql/tables/venue_country.sql
commit;
