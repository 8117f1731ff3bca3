-- Deploy courtbook:auth/signup to pg

begin;
\ir ../../../functions/auth/signup@v0.1.0.sql
commit;
