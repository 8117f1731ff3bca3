-- Verify courtbook:internal/generate_slots_for_horizon to pg

begin;
select 1/has_function_privilege('worker_service', 'internal.generate_slots_for_horizon(integer)', 'execute')::int;
select 1/(not has_function_privilege('player', 'internal.generate_slots_for_horizon(integer)', 'execute'))::int;
rollback;
