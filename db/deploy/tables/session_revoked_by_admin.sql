-- Deploy courtbook:tables/session_revoked_by_admin to pg

begin;
\ir ../../../sql/tables/session_revoked_by_admin.sql
commit;
