-- Deploy courtbook:holds/hold_slots to pg

begin;
\ir ../../../functions/holds/hold_slots.sql
commit;
