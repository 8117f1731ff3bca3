-- Deploy courtbook:auth/sign_jwt to pg

begin;
\ir ../../../functions/auth/sign_jwt.sql
commit;
