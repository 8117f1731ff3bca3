-- Deploy courtbook:views/venues to pg

begin;
\ir ../../../sql/views/venues@v0.1.0.sql
commit;
