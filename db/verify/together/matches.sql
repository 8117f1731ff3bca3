-- Verify courtbook:together/matches on pg

begin;
select 1/has_function_privilege('player', 'api.open_match(bigint, numeric, numeric, boolean)', 'execute')::int;
select 1/has_function_privilege('player', 'api.join_match(bigint)', 'execute')::int;
select 1/has_function_privilege('anon', 'api.open_matches(double precision, double precision, double precision, timestamptz, timestamptz, text, numeric)', 'execute')::int;
rollback;
