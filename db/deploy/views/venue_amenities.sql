-- Deploy courtbook:views/venue_amenities to pg

begin;
\ir ../../../sql/views/venue_amenities.sql
commit;
