-- Verify courtbook:discovery/search_slots on pg

begin;
select 'api.search_slots(double precision, double precision, double precision, timestamptz, timestamptz, text, integer, boolean, integer)'::regprocedure;
select 1/has_function_privilege('anon', 'api.search_slots(double precision, double precision, double precision, timestamptz, timestamptz, text, integer, boolean, integer)', 'execute')::int;
rollback;
