-- Revert courtbook:views/courts from pg: back to its @v0.1.0 version

begin;
drop view api.courts;
\ir ../../../sql/views/courts@v0.1.0.sql
commit;
