-- The shape of the schema: schemas, extensions, roles, RLS everywhere, comments,
-- and no function executable by PUBLIC or definer function with an open search_path.
begin;
select plan(16);

select has_schema('data');
select has_schema('api');
select has_schema('internal');
select has_extension('btree_gist');
select has_extension('earthdistance');

select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c
   where c.relnamespace = 'data'::regnamespace and c.relkind = 'r' and not c.relrowsecurity),
  null, 'row-level security is enabled on every table in data');

select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c
   where c.relnamespace = 'data'::regnamespace and c.relkind = 'r' and obj_description(c.oid, 'pg_class') is null),
  null, 'every table in data has a comment');

select is(
  (select array_agg(p.oid::regprocedure::text) from pg_proc p
   where p.pronamespace = 'api'::regnamespace and obj_description(p.oid, 'pg_proc') is null),
  null, 'every api function has a comment');

select is(
  (select array_agg(c.relname::text) from pg_class c
   where c.relnamespace = 'api'::regnamespace and c.relkind = 'v'
     and not coalesce('security_invoker=true' = any(c.reloptions), false)),
  null, 'every api view is security_invoker');

select is(
  (select array_agg(p.oid::regprocedure::text) from pg_proc p
   where p.pronamespace in ('api'::regnamespace, 'internal'::regnamespace, 'data'::regnamespace)
     and has_function_privilege('public', p.oid, 'execute')
     and p.prokind = 'f'
     and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')),
  null, 'no function of ours is executable by PUBLIC');

select is(
  (select array_agg(p.oid::regprocedure::text) from pg_proc p
   where p.prosecdef and p.pronamespace in ('api'::regnamespace, 'internal'::regnamespace, 'data'::regnamespace)
     and not exists (select from unnest(p.proconfig) c where c like 'search_path=%')),
  null, 'every SECURITY DEFINER function pins its search_path');

select is(
  (select array_agg(p.oid::regprocedure::text) from pg_proc p
   where p.pronamespace = 'internal'::regnamespace
     and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('player', p.oid, 'execute')
          or has_function_privilege('owner', p.oid, 'execute') or has_function_privilege('admin', p.oid, 'execute'))),
  null, 'no internal function is callable by the API roles');

select ok(not has_schema_privilege('anon', 'internal', 'usage'), 'anon has no usage on internal');
select ok(not has_table_privilege('player', 'data.slot', 'update'), 'players cannot update slots directly');
select ok(not has_column_privilege('player', 'data.app_user', 'password_hash', 'select'), 'password hashes are hidden');
select ok(pg_has_role('authenticator', 'player', 'member') and not (select rolinherit from pg_roles where rolname = 'authenticator'),
  'authenticator can switch to the API roles and inherits nothing');

select * from finish();
rollback;
