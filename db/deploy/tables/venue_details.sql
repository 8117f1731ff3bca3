-- Deploy courtbook:tables/venue_details to pg

begin;
\ir ../../../sql/tables/venue_details.sql
commit;
