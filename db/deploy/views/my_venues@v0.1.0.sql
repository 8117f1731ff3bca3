-- Deploy courtbook:views/my_venues to pg

begin;
\ir ../../../sql/views/my_venues@v0.1.0.sql
commit;
