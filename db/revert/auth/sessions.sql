-- Revert courtbook:auth/sessions from pg

begin;
drop function api.logout_everywhere();
drop type api.logout_everywhere_answer;
drop function api.logout();
drop type api.ok_answer;
drop function api.refresh_session(text);
drop function internal.check_session(jsonb);
drop function api.check_session();
drop function data.check_session(jsonb);
drop function data.session_refusal(jsonb);
drop function data.revoke_sessions(uuid, text, uuid);
drop function data.rotate_session(uuid);
drop function data.current_session_id();
commit;
