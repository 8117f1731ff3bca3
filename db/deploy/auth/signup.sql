-- Deploy courtbook:auth/signup to pg

begin;
\ir ../../../functions/auth/signup.sql
commit;
