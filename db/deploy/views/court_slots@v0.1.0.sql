-- Deploy courtbook:views/court_slots to pg

begin;
\ir ../../../sql/views/court_slots@v0.1.0.sql
commit;
