-- Verify courtbook:together/shares on pg

begin;
select 1/has_function_privilege('player', 'api.split_booking(bigint, integer)', 'execute')::int;
select 1/has_function_privilege('player', 'api.join_booking(text)', 'execute')::int;
select 1/has_function_privilege('player', 'api.leave_booking(bigint)', 'execute')::int;
rollback;
