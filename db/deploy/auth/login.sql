-- Deploy courtbook:auth/login to pg

begin;
\ir ../../../functions/auth/login.sql
commit;
