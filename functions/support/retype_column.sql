-- ALTER TABLE … ALTER COLUMN … TYPE refuses a column that a view reads, even when
-- the new type is a domain over the old one. data.retype_column changes a column's
-- type with the views that read it (and the views reading those) dropped first and
-- created again exactly as they were: definition, options (security_invoker),
-- owner, comments and grants. A view it cannot restore faithfully (column grants,
-- triggers, rules of its own, a grant made by someone else than its owner) stops it
-- with an error, as does any other kind of dependent object (ALTER's own refusal).
create function data.retype_column(tbl regclass, col name, new_type regtype)
returns void
language plpgsql volatile
set search_path = pg_catalog
as $$
declare
  v record;
  g record;
  c record;
begin
  create temp table retype_view (
    depth integer, oid oid, name text, def text, options text[], owner regrole, descr text,
    acl aclitem[], col_descr jsonb
  ) on commit drop;

  -- The views reading the column, then the views reading those (depth 2, 3, …).
  insert into retype_view
  with recursive dep(depth, oid) as (
    select 1, r.ev_class
    from pg_depend d join pg_rewrite r on r.oid = d.objid
    join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
    where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
      and d.refobjid = tbl and a.attname = col and r.ev_class <> tbl
    union
    select dep.depth + 1, r.ev_class
    from dep join pg_depend d on d.refobjid = dep.oid and d.refclassid = 'pg_class'::regclass
    join pg_rewrite r on r.oid = d.objid and d.classid = 'pg_rewrite'::regclass
    where r.ev_class <> dep.oid
  )
  select max(dep.depth), k.oid, k.oid::regclass::text, pg_get_viewdef(k.oid), k.reloptions,
         k.relowner::regrole, obj_description(k.oid, 'pg_class'), k.relacl,
         (select jsonb_object_agg(a.attname, col_description(k.oid, a.attnum)) from pg_attribute a
          where a.attrelid = k.oid and a.attnum > 0 and col_description(k.oid, a.attnum) is not null)
  from dep join pg_class k on k.oid = dep.oid
  group by k.oid;

  for v in select * from retype_view order by depth loop
    if exists (select from pg_class k where k.oid = v.oid and k.relkind <> 'v')
       or exists (select from pg_trigger t where t.tgrelid = v.oid)
       or exists (select from pg_rewrite r where r.ev_class = v.oid and r.rulename <> '_RETURN')
       or exists (select from pg_attribute a where a.attrelid = v.oid and a.attacl is not null)
       or exists (select from aclexplode(v.acl) x where x.grantor <> v.owner) then
      raise exception 'retype_column: % reads %.% and cannot be re-created as it is', v.name, tbl, col;
    end if;
  end loop;

  for v in select * from retype_view order by depth desc loop
    execute format('drop view %s', v.name);
  end loop;

  execute format('alter table %s alter column %I type %s', tbl, col, new_type);

  for v in select * from retype_view order by depth loop
    execute format('create view %s%s as %s', v.name,
                   case when v.options is not null then format(' with (%s)', array_to_string(v.options, ', ')) end,
                   v.def);
    if v.owner <> current_user::regrole then
      execute format('alter view %s owner to %s', v.name, v.owner);
    end if;
    if v.descr is not null then
      execute format('comment on view %s is %L', v.name, v.descr);
    end if;
    for c in select key, value from jsonb_each_text(v.col_descr) loop
      execute format('comment on column %s.%I is %L', v.name, c.key, c.value);
    end loop;
    -- in the order of the old list, so the view's ACL reads as it did (none: the default)
    if v.acl is not null then
      execute format('revoke all on %s from %s', v.name, v.owner);
      for g in select x.grantee, x.privilege_type, x.is_grantable
               from aclexplode(v.acl) with ordinality x(grantor, grantee, privilege_type, is_grantable, n)
               order by x.n loop
        execute format('grant %s on %s to %s%s', g.privilege_type, v.name,
                       case when g.grantee = 0 then 'public' else g.grantee::regrole::text end,
                       case when g.is_grantable then ' with grant option' else '' end);
      end loop;
    end if;
  end loop;
  drop table retype_view;
end
$$;
comment on function data.retype_column(regclass, name, regtype) is
  'Migrations: changes a column''s type with the views reading it dropped and re-created as they were (definition, options, owner, comments, grants)';
