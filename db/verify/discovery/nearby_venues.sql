-- Verify courtbook:discovery/nearby_venues to pg

begin;
select 1/has_function_privilege('anon', 'api.nearby_venues(double precision, double precision, double precision, text)', 'execute')::int;
rollback;
