-- Verify courtbook:owner/block_slots to pg

begin;
select 1/has_function_privilege('owner', 'api.block_slots(bigint[], bigint, timestamptz, timestamptz, text)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.block_slots(bigint[], bigint, timestamptz, timestamptz, text)', 'execute')::int;
select 1/has_function_privilege('owner', 'api.unblock_slots(bigint[], bigint, timestamptz, timestamptz)', 'execute')::int;
select 1/has_function_privilege('admin', 'api.unblock_slots(bigint[], bigint, timestamptz, timestamptz)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.block_slots(bigint[], bigint, timestamptz, timestamptz, text)', 'execute'))::int;
select 1/(not has_function_privilege('anon', 'api.unblock_slots(bigint[], bigint, timestamptz, timestamptz)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.block_slots(bigint[], bigint, timestamptz, timestamptz, text)', 'execute'))::int;
select 1/(not has_function_privilege('player', 'api.unblock_slots(bigint[], bigint, timestamptz, timestamptz)', 'execute'))::int;
select 1/(prorettype = 'api.block_answer'::regtype)::int from pg_proc where oid = 'api.block_slots(bigint[], bigint, timestamptz, timestamptz, text)'::regprocedure;
select 1/(prorettype = 'api.unblock_answer'::regtype)::int from pg_proc where oid = 'api.unblock_slots(bigint[], bigint, timestamptz, timestamptz)'::regprocedure;
rollback;
