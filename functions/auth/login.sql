-- Login: per-account throttling (5 wrong passwords within 15 minutes, keyed by
-- the email whether or not an account has it) and the same bcrypt work for an
-- unknown email as for a wrong password. Returns json: a wrong password is an
-- error whose recorded failure must commit (data.committed_error).
create or replace function api.login(email text, password text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  u data.app_user;
  key bytea := data.throttle_key(coalesce(login.email, ''));
begin
  -- A locked account is refused before the password is looked at: the right
  -- password does not reopen a locked window.
  perform data.login_throttle_check(key);
  select * into u from data.app_user where app_user.email = lower(btrim(login.email))::citext
                                         and app_user.deleted_at is null;
  if not data.password_matches(password, u.password_hash) then
    perform data.throttle_fail('login', key);
    return data.committed_error('invalid_credentials', 'Wrong email or password', 401);
  end if;
  perform data.throttle_clear('login', key);
  return data.issue_token(u.id, u.email::text, u.role);
end
$$;
comment on function api.login(text, text) is
  'Checks an email and password and starts a session: {user_id, role, token, expires_at, refresh_token}; 5 wrong passwords within 15 minutes: too_many_attempts 429 with Retry-After. Returns json: a wrong password is an error whose failure commits (data.committed_error), so the answer cannot be a named type';

grant execute on function api.login(text, text) to anon, player, owner, admin;
