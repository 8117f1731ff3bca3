-- Verify courtbook:connect/set_venue_stripe_account on pg

begin;
select 'internal.set_venue_stripe_account(bigint, text)'::regprocedure;
select 1/has_function_privilege('webhook_service', 'internal.set_venue_stripe_account(bigint, text)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'internal.set_venue_stripe_account(bigint, text)', 'execute'))::int;
rollback;
