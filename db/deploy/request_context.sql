-- Deploy courtbook:request_context to pg

begin;
\ir ../../sql/request_context.sql
commit;
