-- Deploy courtbook:auth/change_password to pg

begin;
\ir ../../../functions/auth/change_password.sql
commit;
