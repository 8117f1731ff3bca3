-- Deploy courtbook:support/api_error_with_headers to pg

begin;
\ir ../../../functions/support/api_error_with_headers.sql
commit;
