-- The caller's devices logged in (docs/API.md, "Accounts and sessions"): what a
-- "logged-in devices" screen lists, and logging one of them out from another.

create type api.session_info as (
  session_id uuid,
  created_at timestamptz,
  last_used_at timestamptz,
  user_agent text,
  current boolean
);
comment on type api.session_info is 'A live session of the caller: {session_id, created_at, last_used_at, user_agent, current}';

create function api.my_sessions() returns setof api.session_info
language sql stable security definer
set search_path = pg_catalog
as $$
  select s.id, s.created_at, s.last_used_at, s.user_agent, s.id is not distinct from data.current_session_id()
  from data.session s
  where s.user_id = data.require_user() and s.revoked_at is null and s.refresh_expires_at > now()
  order by s.last_used_at desc, s.id
$$;
comment on function api.my_sessions() is
  'The caller''s live sessions, most recently used first: {session_id, created_at, last_used_at (login or refresh), user_agent, current}';
grant execute on function api.my_sessions() to player, owner, admin;

create function api.revoke_session(session_id uuid) returns api.ok_answer
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
  found uuid;
begin
  if revoke_session.session_id is null then
    perform data.api_error('invalid_input', 'session_id is required', 400);
  end if;
  update data.session s set revoked_at = now(), revoked_reason = 'logout'
  where s.id = revoke_session.session_id and s.user_id = uid and s.revoked_at is null
  returning s.id into found;
  if found is null then
    -- Someone else's session, or an ended one: the same answer (nothing to learn).
    perform data.api_error('not_found', 'No such session of yours', 404);
  end if;
  delete from data.device d where d.session_id = found;
  return row(true)::api.ok_answer;
end
$$;
comment on function api.revoke_session(uuid) is
  'Logs one of the caller''s sessions out (another device, or this one): its tokens get session_revoked, its push devices go. {ok: true}; not_found for one that is not the caller''s live session';
grant execute on function api.revoke_session(uuid) to player, owner, admin;
