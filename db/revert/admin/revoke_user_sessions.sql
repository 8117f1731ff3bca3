-- Revert courtbook:admin/revoke_user_sessions from pg

begin;
drop function api.revoke_user_sessions(uuid);
drop type api.revoked_sessions;
commit;
