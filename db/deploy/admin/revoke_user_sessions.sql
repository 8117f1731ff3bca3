-- Deploy courtbook:admin/revoke_user_sessions to pg

begin;
\ir ../../../functions/admin/revoke_user_sessions.sql
commit;
