-- Deploy courtbook:types/discovery_rows_in_api to pg

begin;
\ir ../../../sql/types/discovery_rows_in_api.sql
commit;
