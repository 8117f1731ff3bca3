-- Deploy courtbook:discovery/nearby_venues to pg

begin;
\ir ../../../functions/discovery/nearby_venues.sql
commit;
