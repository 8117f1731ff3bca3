-- Verify courtbook:payments/store_stripe_event on pg

begin;
select 'internal.store_stripe_event(text, text, boolean, timestamptz, text, jsonb)'::regprocedure;
select 1/has_function_privilege('webhook_service', 'internal.store_stripe_event(text, text, boolean, timestamptz, text, jsonb)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'internal.store_stripe_event(text, text, boolean, timestamptz, text, jsonb)', 'execute'))::int;
select 'data.stripe_event_object_id(text, jsonb)'::regprocedure;
rollback;
