-- Deploy courtbook:schemas to pg

begin;
\ir ../../sql/schemas.sql
commit;
