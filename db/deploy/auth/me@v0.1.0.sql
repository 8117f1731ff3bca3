-- Deploy courtbook:auth/me to pg

begin;
\ir ../../../functions/auth/me@v0.1.0.sql
commit;
