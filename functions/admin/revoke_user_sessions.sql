-- Support (docs/operations.md, "Support"): an admin ends every session of a
-- user, e.g. when their phone was stolen. Every access token of the user gets
-- session_revoked (401) on its next request (api.check_session), every refresh
-- token is refused, tokens from before sessions are cut off too
-- (tokens_valid_after), and their push devices are unregistered, so nothing
-- reaches the stolen phone. The user logs in again with their password.
create type api.revoked_sessions as (user_id uuid, revoked integer);
comment on type api.revoked_sessions is 'The answer of revoke_user_sessions';
comment on column api.revoked_sessions.user_id is 'The user whose sessions were ended';
comment on column api.revoked_sessions.revoked is 'How many live sessions were revoked (0 when none was live)';

create function api.revoke_user_sessions(user_id uuid) returns api.revoked_sessions
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  admin_id uuid := data.require_admin();
  u data.app_user;
  n integer;
begin
  if revoke_user_sessions.user_id is null then
    perform data.api_error('invalid_input', 'user_id is required', 400);
  end if;
  -- Locked: a login, refresh or deletion of this user in flight waits for this one.
  select * into u from data.app_user a where a.id = revoke_user_sessions.user_id for update;
  if u.id is null then
    perform data.api_error('not_found', 'No such user', 404);
  end if;
  n := data.revoke_sessions(u.id, 'revoked_by_admin');
  update data.app_user a set tokens_valid_after = now() where a.id = u.id;
  delete from data.device d where d.user_id = u.id;
  return row(u.id, n)::api.revoked_sessions;
end
$$;
comment on function api.revoke_user_sessions(uuid) is
  'Admins (support): ends every session of a user (a stolen phone): their tokens get session_revoked 401 on the next request, refresh tokens are refused, push devices unregistered. {user_id, revoked}; invalid_input 400 without user_id, not_found 404 for an unknown user; others: forbidden 403';
grant execute on function api.revoke_user_sessions(uuid) to admin;
