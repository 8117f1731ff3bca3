-- Deploy courtbook:extensions to pg

begin;
\ir ../../sql/extensions.sql
commit;
