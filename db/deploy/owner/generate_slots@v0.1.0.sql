-- Deploy courtbook:owner/generate_slots to pg

begin;
\ir ../../../functions/owner/generate_slots@v0.1.0.sql
commit;
