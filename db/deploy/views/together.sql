-- Deploy courtbook:views/together to pg

begin;
\ir ../../../sql/views/together.sql
commit;
