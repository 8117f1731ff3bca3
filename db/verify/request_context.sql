-- Verify courtbook:request_context to pg

begin;
select 'data.current_user_id()'::regprocedure, 'data.current_app_role()'::regprocedure, 'data.is_admin()'::regprocedure, 'data.is_valid_timezone(text)'::regprocedure;
select 1/(data.is_valid_timezone('Europe/Madrid') and not data.is_valid_timezone('Mars/Olympus'))::int;
rollback;
