-- Verify courtbook:types/discovery_rows_in_api on pg

begin;
select 'api.available_slot'::regtype, 'api.nearby_venue'::regtype;
-- no api function takes or returns a data type
select 1/(count(*) = 0)::int
from pg_proc p
cross join lateral unnest(array_append(p.proargtypes::oid[], p.prorettype)) a(oid)
join pg_type t on t.oid = a.oid
where p.pronamespace = 'api'::regnamespace and t.typnamespace = 'data'::regnamespace;
rollback;
