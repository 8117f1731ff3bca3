-- Deploy courtbook:owner/block_slots to pg

begin;
\ir ../../../functions/owner/block_slots@v0.1.0.sql
commit;
