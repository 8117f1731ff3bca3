-- Deploy courtbook:owner/block_slots to pg
-- Reworked after @v0.1.0 (block_slots and unblock_slots answer named types, not json); the released version is deploy/owner/block_slots@v0.1.0.sql

begin;
\ir ../../../functions/owner/block_slots.sql
commit;
