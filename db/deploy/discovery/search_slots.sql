-- Deploy courtbook:discovery/search_slots to pg

begin;
\ir ../../../functions/discovery/search_slots.sql
commit;
