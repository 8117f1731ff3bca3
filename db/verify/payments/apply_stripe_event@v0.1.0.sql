-- Verify courtbook:payments/apply_stripe_event on pg

begin;
select 'internal.apply_stripe_event(text, boolean)'::regprocedure;
select 1/has_function_privilege('webhook_service', 'internal.apply_stripe_event(text, boolean)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'internal.apply_stripe_event(text, boolean)', 'execute'))::int;
select 1/has_function_privilege('worker_service', 'internal.apply_stripe_event(text, boolean)', 'execute')::int;
rollback;
