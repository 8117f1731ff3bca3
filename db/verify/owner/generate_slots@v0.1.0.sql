-- Verify courtbook:owner/generate_slots to pg

begin;
select 1/has_function_privilege('owner', 'api.generate_slots(bigint, bigint, date, integer)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.generate_slots(bigint, bigint, date, integer)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.generate_slots(bigint, bigint, date, integer)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.generate_slots(bigint, bigint, date, integer)', 'execute'))::int;
rollback;
