-- The caller changes their password (docs/API.md, "Accounts and sessions"):
-- the current password is checked and throttled like a login (a stolen access
-- token cannot guess it), every other session is revoked with its push
-- devices, and this session's refresh token rotates.
-- Returns json: a wrong password is an error whose recorded failure must commit.
create function api.change_password(current_password text, new_password text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
  sid uuid := data.current_session_id();
  u data.app_user;
  key bytea;
  answer json;
begin
  select * into u from data.app_user where id = uid and deleted_at is null for update;
  if u.id is null then
    perform data.api_error('not_found', 'No account for this token', 404);
  end if;
  perform data.check_new_password(change_password.new_password, 'new_password');
  key := data.throttle_key(u.email::text);
  perform data.login_throttle_check(key);
  if not data.password_matches(change_password.current_password, u.password_hash) then
    perform data.throttle_fail('login', key);
    return data.committed_error('invalid_credentials', 'The current password is wrong', 401);
  end if;
  if change_password.new_password = change_password.current_password then
    perform data.api_error('invalid_input', 'new_password must differ from the current password', 400);
  end if;
  perform data.throttle_clear('login', key);
  update data.app_user
     set password_hash = data.hash_password(change_password.new_password), tokens_valid_after = now()
   where id = uid;
  if sid is not null and not exists (select from data.session s where s.id = sid and s.user_id = uid) then
    sid := null;
  end if;
  perform data.revoke_sessions(uid, 'password_changed', sid);
  delete from data.device d where d.user_id = uid and d.session_id is null;
  if sid is null then
    -- A token from before sessions (no sid): this device gets a session of its own.
    answer := data.issue_token(uid, u.email::text, u.role);
    return json_build_object('token', answer -> 'token', 'expires_at', answer -> 'expires_at',
                             'refresh_token', answer -> 'refresh_token');
  end if;
  return data.rotate_session(sid);
end
$$;
comment on function api.change_password(text, text) is
  'Changes the caller''s password: {token, expires_at, refresh_token} for this session, every other session revoked; a wrong current_password: invalid_credentials 401, throttled like login (too_many_attempts 429). Returns json: a wrong password is an error whose failure commits (data.committed_error), so the answer cannot be a named type';
grant execute on function api.change_password(text, text) to player, owner, admin;
