-- Deploy courtbook:auth/sessions to pg

begin;
\ir ../../../functions/auth/sessions.sql
commit;
