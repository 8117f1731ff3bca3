-- Deploy courtbook:holds/hold_slots to pg

begin;
\ir ../../../functions/holds/hold_slots@v0.1.0.sql
commit;
