-- Verify courtbook:waitlist/entries on pg

begin;
select 1/has_function_privilege('player', 'api.join_waitlist(bigint, bigint, timestamptz, timestamptz, text)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.join_waitlist(bigint, bigint, timestamptz, timestamptz, text)', 'execute'))::int;
select 1/has_function_privilege('player', 'api.leave_waitlist(bigint)', 'execute')::int;
select 'data.waitlist_position(bigint)'::regprocedure;
select 'data.max_waitlist_entries()'::regprocedure;
rollback;
