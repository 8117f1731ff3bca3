-- Deploy courtbook:roles to pg

begin;
\ir ../../sql/roles.sql
commit;
