-- Deploy courtbook:owner/set_availability to pg

begin;
\ir ../../../functions/owner/set_availability.sql
commit;
