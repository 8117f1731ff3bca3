-- Deploy courtbook:owner/set_availability to pg

begin;
\ir ../../../functions/owner/set_availability@v0.1.0.sql
commit;
