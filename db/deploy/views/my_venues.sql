-- Deploy courtbook:views/my_venues to pg

begin;
\ir ../../../sql/views/my_venues.sql
commit;
