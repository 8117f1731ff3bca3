-- Verify courtbook:discovery/available_slots to pg

begin;
select 1/has_function_privilege('anon', 'api.available_slots(bigint, bigint, timestamptz, timestamptz, text)', 'execute')::int;
rollback;
