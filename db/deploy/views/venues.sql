-- Deploy courtbook:views/venues to pg

begin;
\ir ../../../sql/views/venues.sql
commit;
