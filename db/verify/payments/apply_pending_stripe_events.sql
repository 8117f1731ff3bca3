-- Verify courtbook:payments/apply_pending_stripe_events on pg

begin;
select 'internal.apply_pending_stripe_events(text, boolean, integer)'::regprocedure;
select 1/has_function_privilege('worker_service', 'internal.apply_pending_stripe_events(text, boolean, integer)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'internal.apply_pending_stripe_events(text, boolean, integer)', 'execute'))::int;
rollback;
