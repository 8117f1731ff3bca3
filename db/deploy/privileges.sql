-- Deploy courtbook:privileges to pg

begin;
\ir ../../sql/privileges.sql
commit;
