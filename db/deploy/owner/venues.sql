-- Deploy courtbook:owner/venues to pg

begin;
\ir ../../../functions/owner/venues.sql
commit;
