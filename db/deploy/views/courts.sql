-- Deploy courtbook:views/courts to pg

begin;
\ir ../../../sql/views/courts.sql
commit;
