-- Deploy courtbook:auth/sign_jwt to pg

begin;
\ir ../../../functions/auth/sign_jwt@v0.1.0.sql
commit;
