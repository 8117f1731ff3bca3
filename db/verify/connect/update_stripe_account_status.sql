-- Verify courtbook:connect/update_stripe_account_status on pg

begin;
select 'internal.update_stripe_account_status(text, boolean, boolean)'::regprocedure;
select 1/has_function_privilege('webhook_service', 'internal.update_stripe_account_status(text, boolean, boolean)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'internal.update_stripe_account_status(text, boolean, boolean)', 'execute'))::int;
rollback;
