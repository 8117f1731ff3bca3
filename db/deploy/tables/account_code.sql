-- Deploy courtbook:tables/account_code to pg

begin;
\ir ../../../sql/tables/account_code.sql
commit;
