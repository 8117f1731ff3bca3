-- Deploy courtbook:views/court_slots to pg

begin;
\ir ../../../sql/views/court_slots.sql
commit;
