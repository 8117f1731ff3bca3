-- Deploy courtbook:auth/credentials to pg

begin;
\ir ../../../functions/auth/credentials.sql
commit;
