-- Verify courtbook:connect/venue_for_onboarding on pg

begin;
select 'internal.venue_for_onboarding(bigint, uuid, text)'::regprocedure;
select 1/has_function_privilege('webhook_service', 'internal.venue_for_onboarding(bigint, uuid, text)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'internal.venue_for_onboarding(bigint, uuid, text)', 'execute'))::int;
rollback;
