-- Revert courtbook:request_context from pg

begin;
drop function data.is_valid_timezone(text);
drop function data.is_admin();
drop function data.current_app_role();
drop function data.current_user_id();
commit;
