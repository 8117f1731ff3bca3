create function data.base64url(bytes bytea) returns text
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  -- encode() wraps lines and pads; JWTs use unpadded base64url on one line.
  select translate(encode(bytes, 'base64'), E'+/=\n', '-_')
$$;
comment on function data.base64url(bytea) is 'Unpadded base64url, as JWTs use';

-- HS256 with the secret the stack puts in app.settings.jwt_secret (from JWT_SECRET),
-- the same secret PostgREST verifies tokens with.
create function data.sign_jwt(claims jsonb) returns text
language plpgsql stable
set search_path = pg_catalog
as $$
declare
  secret text := current_setting('app.settings.jwt_secret', true);
  signing_input text;
begin
  if secret is null or length(secret) < 32 then
    perform data.api_error('server_misconfigured', 'The JWT secret is not configured', 500);
  end if;
  signing_input := data.base64url(convert_to('{"alg":"HS256","typ":"JWT"}', 'utf8'))
    || '.' || data.base64url(convert_to(claims::text, 'utf8'));
  return signing_input || '.' || data.base64url(public.hmac(signing_input, secret, 'sha256'));
end
$$;
comment on function data.sign_jwt(jsonb) is 'Signs claims as an HS256 JWT with app.settings.jwt_secret';

create function data.issue_token(user_id uuid, email text, role data.user_role) returns json
language plpgsql stable
set search_path = pg_catalog
as $$
declare
  ttl integer := coalesce(nullif(current_setting('app.settings.jwt_ttl_seconds', true), '')::integer, 86400);
  expires_at timestamptz := date_trunc('second', now()) + make_interval(secs => ttl);
begin
  return json_build_object(
    'user_id', user_id,
    'role', role,
    'token', data.sign_jwt(jsonb_build_object(
      'role', role, 'sub', user_id, 'email', email,
      'iat', extract(epoch from date_trunc('second', now()))::bigint,
      'exp', extract(epoch from expires_at)::bigint)),
    'expires_at', expires_at);
end
$$;
comment on function data.issue_token(uuid, text, data.user_role) is 'The {user_id, role, token, expires_at} answer of signup and login';
