-- Verify courtbook:internal/set_stripe_customer to pg

begin;
select 1/has_function_privilege('webhook_service', 'internal.set_stripe_customer(uuid, text)', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.set_stripe_customer(uuid, text)', 'execute'))::int;
rollback;
