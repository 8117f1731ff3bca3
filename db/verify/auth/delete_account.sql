-- Verify courtbook:auth/delete_account to pg

begin;
select 1/has_function_privilege('player', 'api.delete_account(text)', 'execute')::int;
select 1/count(*) from pg_trigger where tgname = 'notification_skips_deleted_account';
rollback;
