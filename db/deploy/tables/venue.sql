-- Deploy courtbook:tables/venue to pg

begin;
\ir ../../../sql/tables/venue.sql
commit;
