-- The api schema is self-describing: no api function takes or returns a type of the
-- private data schema (so PostgREST's OpenAPI description and the apps see every shape).
begin;
select plan(2);
select is(
  array(select p.oid::regprocedure::text || ' uses ' || t.oid::regtype::text
        from pg_proc p
        cross join lateral unnest(array_append(p.proargtypes::oid[], p.prorettype)) a(oid)
        join pg_type t on t.oid = a.oid
        where p.pronamespace = 'api'::regnamespace
          and (t.typnamespace = 'data'::regnamespace
               or t.typelem <> 0 and (select e.typnamespace from pg_type e where e.oid = t.typelem) = 'data'::regnamespace)
        order by 1),
  '{}'::text[], 'no api function signature references a data type');
select is((select prorettype::regtype::text from pg_proc
           where oid = 'api.available_slots(bigint, bigint, timestamptz, timestamptz, text)'::regprocedure),
  'api.available_slot', 'available_slots returns rows of api.available_slot');
select * from finish();
rollback;
