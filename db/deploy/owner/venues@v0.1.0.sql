-- Deploy courtbook:owner/venues to pg

begin;
\ir ../../../functions/owner/venues@v0.1.0.sql
commit;
