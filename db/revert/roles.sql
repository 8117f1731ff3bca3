-- Revert courtbook:roles from pg

begin;
-- Roles are cluster-wide and work as a set (authenticator switches to the API
-- roles). Drop them only when no other database of the cluster still depends on
-- any of them (owns something, is granted something, or is named in a policy).
do $$
declare
  courtbook_roles text[] := array['anon', 'player', 'owner', 'admin', 'authenticator', 'webhook_service', 'worker_service'];
  here oid := (select oid from pg_database where datname = current_database());
  r text;
begin
  if exists (
    select from pg_shdepend d
    join pg_roles ro on ro.oid = d.refobjid
    where d.refclassid = 'pg_authid'::regclass
      and ro.rolname = any (courtbook_roles)
      and d.deptype <> 'p'
      and d.dbid <> here
      and not (d.classid = 'pg_database'::regclass and d.objid = here)
  ) then
    raise notice 'courtbook roles are still used by another database of this cluster: kept';
    return;
  end if;
  foreach r in array courtbook_roles loop
    continue when not exists (select from pg_roles where rolname = r);
    execute format('drop owned by %I', r);
    execute format('drop role %I', r);
  end loop;
end
$$;
commit;
