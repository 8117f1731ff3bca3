-- The apps' API names no private type (issue 13): PostgREST exposes the api schema and
-- describes it in its OpenAPI, so no column of an api view or api composite type, no
-- argument of an api function (in, out, inout, table columns), no result type and no
-- column of a result row may be a type of the data schema (an enum, a domain, a
-- composite type) — nor an array of one, nor a domain (of any schema) over one.
-- Each offender is printed as `what: type`.
begin;
select plan(3);

-- Every type a type stands for: itself, its element (arrays), its base (domains), its
-- subtype (ranges), recursively.
create temp view type_reach as
with recursive reach(root, oid) as (
  select t.oid, t.oid from pg_type t
  union
  select r.root, n.next
  from reach r
  join pg_type t on t.oid = r.oid
  cross join lateral (
    select t.typelem where t.typelem <> 0 and t.typsubscript = 'array_subscript_handler'::regproc
    union all select t.typbasetype where t.typtype = 'd'
    union all select rng.rngsubtype from pg_range rng where rng.rngtypid = t.oid
  ) n(next)
)
select root, oid from reach;

-- A type "is private" when it, or anything it stands for, lives in data.
create temp view private_type as
select distinct r.root as oid
from type_reach r join pg_type t on t.oid = r.oid
where t.typnamespace = 'data'::regnamespace;

-- Sanctioned exceptions, each with its reason (empty is the goal).
create temp table allowed (what text primary key, why text not null);

create temp view offenders as
-- columns of api views, materialized views, tables and composite types
select format('%s.%I', c.oid::regclass, a.attname) as what, a.atttypid::regtype::text as type
from pg_class c
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where c.relnamespace = 'api'::regnamespace and c.relkind in ('v', 'm', 'r', 'p', 'f', 'c')
  and a.atttypid in (select oid from private_type)
union all
-- arguments of api functions: in, out, inout, variadic and table columns
select format('%s arg %s', p.oid::regprocedure,
              coalesce(nullif(p.proargnames[a.n], ''), a.n::text)), a.typ::regtype::text
from pg_proc p
cross join lateral unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality a(typ, n)
where p.pronamespace = 'api'::regnamespace
  and a.typ in (select oid from private_type)
union all
-- result types of api functions
select format('%s returns', p.oid::regprocedure), p.prorettype::regtype::text
from pg_proc p
where p.pronamespace = 'api'::regnamespace
  and p.prorettype in (select oid from private_type)
union all
-- columns of the rows api functions return, when the row type lives outside api
-- (api's own composite types and views are listed above)
select format('%s returns %s.%I', p.oid::regprocedure, t.oid::regtype, a.attname), a.atttypid::regtype::text
from pg_proc p
join pg_type t on t.oid = p.prorettype and t.typrelid <> 0
join pg_class c on c.oid = t.typrelid and c.relnamespace <> 'api'::regnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where p.pronamespace = 'api'::regnamespace
  and a.atttypid in (select oid from private_type);

select diag('api names a data type: ' || what || ': ' || type)
from offenders where what not in (select what from allowed) order by what;

select is(
  array(select what || ': ' || type from offenders where what not in (select what from allowed) order by 1),
  '{}'::text[], 'no api view column, function argument, result or result column is a data type');

select is(
  array(select what from allowed where what not in (select what from offenders) order by 1),
  '{}'::text[], 'every exception is still needed (drop it from the list once fixed)');

-- The check sees what it should: a view over a data enum, an array of it, a domain
-- over it and a function returning it are all caught.
create domain api.t55_status as data.booking_status;
create view api.t55_probe as
  select 'pending'::data.booking_status as status, array['pending'::data.booking_status] as statuses,
         'pending'::api.t55_status as wrapped, 'pending'::text as fine;
create function api.t55_probe(s data.booking_status) returns setof data.booking_status
  language sql as $$ select s $$;
select is(
  array(select what || ': ' || type from offenders where what like '%t55_probe%' order by 1),
  array['api.t55_probe(data.booking_status) arg s: data.booking_status',
        'api.t55_probe(data.booking_status) returns: data.booking_status',
        'api.t55_probe.status: data.booking_status',
        'api.t55_probe.statuses: data.booking_status[]',
        'api.t55_probe.wrapped: api.t55_status'],
  'the check catches a data enum as a view column, an array of it, an api domain over it, an argument and a result');
select * from finish();
rollback;
