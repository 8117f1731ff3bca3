-- Deploy courtbook:types to pg

begin;
\ir ../../sql/types.sql
commit;
