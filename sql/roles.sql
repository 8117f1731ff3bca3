-- Roles are cluster-wide: creating them is idempotent so that several databases
-- (dev, test, staging) can share one cluster. Passwords of the login roles are
-- set by the stack from the environment, never here.
do $$
declare
  r record;
begin
  for r in
    select * from (values
      ('anon', false, true),          -- no token
      ('player', false, true),        -- JWT role claim
      ('owner', false, true),
      ('admin', false, true),
      ('authenticator', true, false), -- PostgREST connects as it, then switches role
      ('webhook_service', true, true),
      ('worker_service', true, true)
    ) as t(name, can_login, inherits)
  loop
    if not exists (select from pg_roles where rolname = r.name) then
      execute format('create role %I %s %s', r.name,
        case when r.can_login then 'login' else 'nologin' end,
        case when r.inherits then 'inherit' else 'noinherit' end);
    end if;
  end loop;
end
$$;

grant anon, player, owner, admin to authenticator;
