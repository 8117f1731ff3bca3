-- Deploy courtbook:auth/my_sessions to pg

begin;
\ir ../../../functions/auth/my_sessions.sql
commit;
