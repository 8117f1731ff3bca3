-- Revert courtbook:views/venues from pg: back to its @v0.1.0 version

begin;
drop view api.venues;
\ir ../../../sql/views/venues@v0.1.0.sql
commit;
