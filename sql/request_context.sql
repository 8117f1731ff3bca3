-- Who is calling, as PostgREST (or pgrst) tells us through request.jwt.claims.
-- Used by RLS policies and by the api functions.

create function data.current_user_id() returns uuid
language sql stable parallel safe
set search_path = pg_catalog
as $$
  select nullif(current_setting('request.jwt.claims', true)::jsonb ->> 'sub', '')::uuid
$$;
comment on function data.current_user_id() is 'The caller''s user id (JWT sub), or null for anon and the service roles';

create function data.current_app_role() returns text
language sql stable parallel safe
set search_path = pg_catalog
as $$
  -- Inside a SECURITY DEFINER function current_user is the function's owner, so the
  -- caller's role is read from the claims the gateway set before switching role.
  select nullif(current_setting('request.jwt.claims', true)::jsonb ->> 'role', '')
$$;
comment on function data.current_app_role() is 'The caller''s role from the JWT claims (anon, player, owner, admin), or null outside an HTTP request';

create function data.is_admin() returns boolean
language sql stable parallel safe
set search_path = pg_catalog
as $$
  select coalesce(data.current_app_role() = 'admin', false)
$$;
comment on function data.is_admin() is 'True when the request carries the admin role';

create function data.is_valid_timezone(tz text) returns boolean
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  -- The tz database is static for the life of a server; immutable lets a CHECK use it.
  select exists (select from pg_timezone_names where name = tz)
$$;
comment on function data.is_valid_timezone(text) is 'True for an IANA time zone name PostgreSQL knows';

grant execute on function data.current_user_id(), data.current_app_role(), data.is_admin()
  to anon, player, owner, admin, webhook_service, worker_service;
