-- Verify courtbook:payments/record_dispute on pg

begin;
select 1 / has_function_privilege('webhook_service', 'internal.record_dispute(jsonb, timestamptz)', 'execute')::int;
select 1 / (not has_function_privilege('owner', 'internal.record_dispute(jsonb, timestamptz)', 'execute'))::int;
rollback;
