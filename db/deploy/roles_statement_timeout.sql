-- Deploy courtbook:roles_statement_timeout to pg

begin;
\ir ../../sql/roles_statement_timeout.sql
commit;
