-- Deploy courtbook:discovery/available_slots to pg

begin;
\ir ../../../functions/discovery/available_slots.sql
commit;
