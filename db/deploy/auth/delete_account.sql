-- Deploy courtbook:auth/delete_account to pg

begin;
\ir ../../../functions/auth/delete_account.sql
commit;
