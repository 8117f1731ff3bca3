-- Deploy courtbook:owner/venues to pg
-- Reworked after @v0.1.0 (venues take a country); the released version is deploy/owner/venues@v0.1.0.sql

begin;
\ir ../../../functions/owner/venues.sql
commit;
