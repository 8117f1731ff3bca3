-- Deploy courtbook:owner/generate_slots to pg
-- Reworked after @v0.1.0 (generate_slots refuses a call that would make more than 50,000 slots); the released version is deploy/owner/generate_slots@v0.1.0.sql

begin;
\ir ../../../functions/owner/generate_slots.sql
commit;
