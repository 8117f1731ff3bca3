-- Deploy courtbook:owner/block_slots to pg

begin;
\ir ../../../functions/owner/block_slots.sql
commit;
