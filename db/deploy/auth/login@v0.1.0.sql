-- Deploy courtbook:auth/login to pg

begin;
\ir ../../../functions/auth/login@v0.1.0.sql
commit;
