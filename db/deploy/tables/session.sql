-- Deploy courtbook:tables/session to pg

begin;
\ir ../../../sql/tables/session.sql
commit;
