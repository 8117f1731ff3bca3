-- Deploy courtbook:policies to pg

begin;
\ir ../../sql/policies.sql
commit;
