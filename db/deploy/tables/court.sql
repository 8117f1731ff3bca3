-- Deploy courtbook:tables/court to pg

begin;
\ir ../../../sql/tables/court.sql
commit;
