-- 0.2: signup answers a named type (PostgREST's OpenAPI description shows its
-- fields), no longer json; a new return type needs the old function gone first.
drop function api.signup(text, text, text, text, text);

create type api.session_answer as (
  user_id uuid,
  role text,
  token text,
  expires_at timestamptz,
  refresh_token text
);
comment on type api.session_answer is 'A new session: the answer of signup (login answers the same fields)';
comment on column api.session_answer.user_id is 'The account';
comment on column api.session_answer.role is 'player, owner or admin: the role claim of the token';
comment on column api.session_answer.token is 'The access token (JWT, HS256)';
comment on column api.session_answer.expires_at is 'When the access token expires (platform setting access_token_minutes)';
comment on column api.session_answer.refresh_token is 'The opaque refresh token for refresh_session, shown once';

create function api.signup(
  email text, password text, full_name text, role text default 'player', phone text default null
)
returns api.session_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  new_id uuid;
  clean_email text := lower(btrim(email));
begin
  if clean_email is null or clean_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(clean_email) > 254 then
    perform data.api_error('invalid_input', 'email is not a valid email address', 400);
  end if;
  perform data.check_new_password(password);
  if full_name is null or length(btrim(full_name)) not between 1 and 200 then
    perform data.api_error('invalid_input', 'full_name is required (at most 200 characters)', 400);
  end if;
  perform data.check_phone(phone);
  -- admin is never self-service.
  if role is null or role not in ('player', 'owner') then
    perform data.api_error('invalid_input', 'role must be player or owner', 400);
  end if;

  insert into data.app_user (email, password_hash, full_name, role, phone)
  values (clean_email, data.hash_password(password), btrim(full_name), role::data.user_role, phone)
  on conflict on constraint app_user_email_key do nothing
  returning id into new_id;

  if new_id is null then
    perform data.api_error('email_taken', 'An account with this email already exists', 409);
  end if;
  return json_populate_record(null::api.session_answer, data.issue_token(new_id, clean_email, role::data.user_role));
end
$$;
comment on function api.signup(text, text, text, text, text) is 'Creates a player or owner account (phone optional, E.164, for SMS) and starts a session: {user_id, role, token, expires_at, refresh_token}';

grant execute on function api.signup(text, text, text, text, text) to anon, player, owner, admin;
