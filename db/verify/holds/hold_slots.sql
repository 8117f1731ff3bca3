-- Verify courtbook:holds/hold_slots to pg

begin;
select 1/has_function_privilege('player', 'api.hold_slots(bigint[], text)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.hold_slots(bigint[], text)', 'execute'))::int;
select 'data.hold_slots_for(uuid, bigint[], text)'::regprocedure;
select 1/(not has_function_privilege('player', 'data.hold_slots_for(uuid, bigint[], text)', 'execute'))::int;
rollback;
