-- Deploy courtbook:api_error to pg

begin;
\ir ../../functions/support/api_error.sql
commit;
