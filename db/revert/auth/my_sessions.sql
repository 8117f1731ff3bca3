-- Revert courtbook:auth/my_sessions from pg

begin;
drop function api.revoke_session(uuid);
drop function api.my_sessions();
drop type api.session_info;
commit;
