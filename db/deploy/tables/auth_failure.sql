-- Deploy courtbook:tables/auth_failure to pg

begin;
\ir ../../../sql/tables/auth_failure.sql
commit;
