create function api.login(email text, password text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  u data.app_user;
begin
  select * into u from data.app_user where app_user.email = lower(btrim(login.email))::citext;
  -- Hash even when the user is unknown, so timing does not tell which emails exist.
  if u.id is null or password is null
     or u.password_hash <> public.crypt(coalesce(password, ''), coalesce(u.password_hash, public.gen_salt('bf', 10))) then
    perform data.api_error('invalid_credentials', 'Wrong email or password', 401);
  end if;
  return data.issue_token(u.id, u.email::text, u.role);
end
$$;
comment on function api.login(text, text) is 'Checks an email and password and returns {user_id, role, token, expires_at}';

grant execute on function api.login(text, text) to anon, player, owner, admin;
