-- Deploy courtbook:views/courts to pg

begin;
\ir ../../../sql/views/courts@v0.1.0.sql
commit;
