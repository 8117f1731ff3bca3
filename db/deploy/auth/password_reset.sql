-- Deploy courtbook:auth/password_reset to pg

begin;
\ir ../../../functions/auth/password_reset.sql
commit;
