-- Revert courtbook:views/my_venues from pg: back to its @v0.1.0 version

begin;
-- the released view has fewer columns: create or replace cannot drop them
drop view api.my_venues;
\ir ../../../sql/views/my_venues@v0.1.0.sql
commit;
