-- Deploy courtbook:auth/account_codes to pg

begin;
\ir ../../../functions/auth/account_codes.sql
commit;
