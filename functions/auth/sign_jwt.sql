create or replace function data.base64url(bytes bytea) returns text
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  -- encode() wraps lines and pads; JWTs use unpadded base64url on one line.
  select translate(encode(bytes, 'base64'), E'+/=\n', '-_')
$$;
comment on function data.base64url(bytea) is 'Unpadded base64url, as JWTs use';

-- HS256 with the secret in data.signing_key (stored by the deploy from JWT_SECRET),
-- the same secret PostgREST verifies tokens with. A definer granted to nobody: the
-- table is readable by its owner only, and only the auth functions (definers
-- themselves) call this.
create or replace function data.sign_jwt(claims jsonb) returns text
language plpgsql stable security definer
set search_path = pg_catalog
as $$
declare
  secret text;
  signing_input text;
begin
  select k.secret into secret from data.signing_key k;
  if secret is null or length(secret) < 32 then
    perform data.api_error('server_misconfigured', 'The JWT secret is not configured', 500);
  end if;
  signing_input := data.base64url(convert_to('{"alg":"HS256","typ":"JWT"}', 'utf8'))
    || '.' || data.base64url(convert_to(claims::text, 'utf8'));
  return signing_input || '.' || data.base64url(public.hmac(signing_input, secret, 'sha256'));
end
$$;
comment on function data.sign_jwt(jsonb) is 'Signs claims as an HS256 JWT with the secret in data.signing_key';
revoke execute on function data.sign_jwt(jsonb) from public;

-- Minutes an access token lives: the platform setting access_token_minutes (default 60).
create or replace function data.access_token_minutes() returns integer
language sql stable
set search_path = pg_catalog
as $$
  select coalesce((select s.access_token_minutes from data.platform_settings s), 60)
$$;
comment on function data.access_token_minutes() is 'Lifetime of access tokens in minutes (platform setting access_token_minutes, default 60)';

-- An access token of a session: {token, expires_at}.
create or replace function data.access_token(user_id uuid, email text, role data.user_role, session_id uuid)
returns json
language plpgsql stable
set search_path = pg_catalog
as $$
declare
  issued timestamptz := date_trunc('second', now());
  expires_at timestamptz := issued + make_interval(mins => data.access_token_minutes());
begin
  return json_build_object(
    'token', data.sign_jwt(jsonb_build_object(
      'role', role, 'sub', user_id, 'email', email, 'sid', session_id,
      'iat', extract(epoch from issued)::bigint,
      'exp', extract(epoch from expires_at)::bigint)),
    'expires_at', expires_at);
end
$$;
comment on function data.access_token(uuid, text, data.user_role, uuid) is 'A signed access token (claims role, sub, email, sid, iat, exp) and its expiry';

-- A fresh refresh token: 256 random bits, base64url; only its sha256 is stored.
create or replace function data.new_refresh_token() returns text
language sql volatile
set search_path = pg_catalog
as $$
  select data.base64url(public.gen_random_bytes(32))
$$;
comment on function data.new_refresh_token() is 'A new opaque refresh token (256 random bits, base64url)';

create or replace function data.refresh_hash(token text) returns bytea
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  select public.digest(convert_to(token, 'utf8'), 'sha256')
$$;
comment on function data.refresh_hash(text) is 'The stored form of a refresh token (sha256)';

-- The answer of signup and login: a new session with its first token pair.
-- (volatile since 0.2: it inserts the session.)
create or replace function data.issue_token(user_id uuid, email text, role data.user_role) returns json
language plpgsql volatile
set search_path = pg_catalog
as $$
declare
  refresh text := data.new_refresh_token();
  sid uuid;
  access json;
begin
  insert into data.session (user_id, refresh_hash, refresh_expires_at, user_agent)
  values (issue_token.user_id, data.refresh_hash(refresh), now() + interval '30 days',
          left(nullif(current_setting('request.headers', true), '')::json ->> 'user-agent', 500))
  returning id into sid;
  access := data.access_token(user_id, email, role, sid);
  return json_build_object('user_id', user_id, 'role', role, 'token', access ->> 'token',
                           'expires_at', (access ->> 'expires_at')::timestamptz, 'refresh_token', refresh);
end
$$;
comment on function data.issue_token(uuid, text, data.user_role) is 'Starts a session: the {user_id, role, token, expires_at, refresh_token} answer of signup and login';
