-- Deploy courtbook:auth/me to pg

begin;
\ir ../../../functions/auth/me.sql
commit;
