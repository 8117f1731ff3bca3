-- Deploy courtbook:tables/balance to pg

begin;
\ir ../../../sql/tables/balance.sql
commit;
