-- Deploy courtbook:owner/generate_slots to pg

begin;
\ir ../../../functions/owner/generate_slots.sql
commit;
