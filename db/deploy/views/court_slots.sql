-- Deploy courtbook:views/court_slots to pg
-- Reworked after @v0.1.0 (club, issue 20: staff see the slots of the venues they work at); the released version is deploy/views/court_slots@v0.1.0.sql

begin;
\ir ../../../sql/views/court_slots.sql
commit;
