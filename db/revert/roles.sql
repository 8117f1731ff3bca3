-- Revert courtbook:roles from pg

begin;
-- Roles are cluster-wide: drop one only when no other database of the cluster
-- still depends on it (owns, is granted, or is named in a policy there).
do $$
declare
  r text;
  here oid := (select oid from pg_database where datname = current_database());
begin
  foreach r in array array['anon', 'player', 'owner', 'admin', 'authenticator', 'webhook_service', 'worker_service'] loop
    continue when not exists (select from pg_roles where rolname = r);
    if exists (
      select from pg_shdepend d
      where d.refclassid = 'pg_authid'::regclass
        and d.refobjid = (select oid from pg_roles where rolname = r)
        and d.deptype <> 'p'
        and d.dbid <> here
        and not (d.classid = 'pg_database'::regclass and d.objid = here)
    ) then
      raise notice 'role % is still used by another database of this cluster: kept', r;
    else
      execute format('drop owned by %I', r);
      execute format('drop role %I', r);
    end if;
  end loop;
end
$$;
commit;
