-- Verify courtbook:holds/release_hold to pg

begin;
select 1/has_function_privilege('player', 'api.release_hold(bigint)', 'execute')::int;
select 1/(not has_function_privilege('anon', 'api.release_hold(bigint)', 'execute'))::int;
rollback;
