-- Sessions (docs/API.md, "Accounts and sessions"): refresh-token rotation with
-- reuse detection, logout, and the revocation check PostgREST runs before every
-- request (db-pre-request = api.check_session) and the webhook service asks too.

-- The caller's session id (the sid claim), or null: no token, a token from
-- before sessions, or a malformed sid.
create function data.current_session_id() returns uuid
language sql stable
set search_path = pg_catalog
as $$
  select case when sid ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then sid::uuid end
  from (select nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sid' as sid) c
$$;
comment on function data.current_session_id() is 'The sid claim of the request''s token as a uuid; null without one';

-- Rotates a session's refresh token: the current one is spent (presenting it
-- again revokes the session), a new one is shown once. Returns the session's
-- new pair {token, expires_at, refresh_token}. Shared by refresh_session and
-- change_password.
create function data.rotate_session(session_id uuid) returns json
language plpgsql volatile
set search_path = pg_catalog
as $$
declare
  s data.session;
  u data.app_user;
  fresh text := data.new_refresh_token();
  access json;
begin
  select * into strict s from data.session where id = rotate_session.session_id for update;
  select * into strict u from data.app_user where id = s.user_id;
  insert into data.spent_refresh_token (refresh_hash, session_id) values (s.refresh_hash, s.id);
  update data.session set refresh_hash = data.refresh_hash(fresh), rotation = rotation + 1,
                          last_used_at = now(), refresh_expires_at = now() + interval '30 days'
  where id = s.id;
  access := data.access_token(u.id, u.email::text, u.role, s.id);
  return json_build_object('token', access ->> 'token', 'expires_at', (access ->> 'expires_at')::timestamptz,
                           'refresh_token', fresh);
end
$$;
comment on function data.rotate_session(uuid) is 'Spends the session''s refresh token and answers a new {token, expires_at, refresh_token}';

-- Revokes sessions of a user (all, or all but `keep`) and unregisters the push
-- devices they registered. Returns how many sessions were revoked.
create function data.revoke_sessions(user_id uuid, reason text, keep uuid default null)
returns integer
language plpgsql volatile
set search_path = pg_catalog
as $$
declare
  n integer;
begin
  with revoked as (
    update data.session s set revoked_at = now(), revoked_reason = revoke_sessions.reason
    where s.user_id = revoke_sessions.user_id and s.revoked_at is null
      and s.id is distinct from revoke_sessions.keep
    returning s.id
  ), gone as (
    delete from data.device d using revoked r where d.session_id = r.id
  )
  select count(*) into n from revoked;
  return n;
end
$$;
comment on function data.revoke_sessions(uuid, text, uuid) is 'Revokes a user''s sessions (but `keep`) and removes the push devices registered under them; returns the count';

-- Why a token is refused, or null when it may act. Tokens with a sid: their
-- session must exist and not be revoked (one primary-key lookup). Tokens
-- without one (issued before 0.2) live until they expire, unless their account
-- was deleted or cut them off (tokens_valid_after) since they were issued.
create function data.session_refusal(claims jsonb) returns text
language plpgsql stable
set search_path = pg_catalog
as $$
declare
  sid text := claims ->> 'sid';
  sub text := claims ->> 'sub';
  iat jsonb := claims -> 'iat';
  refused boolean;
begin
  if sid is not null then
    if sid !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      return 'unknown session';
    end if;
    select s.revoked_at is not null into refused from data.session s where s.id = sid::uuid;
    if refused then
      return 'revoked';
    elsif not refused then
      return null;
    elsif not pg_is_in_recovery() then
      return 'unknown session';
    end if;
    -- On a streaming replica (the read gateway, docs/operations.md "Beyond one VPS") a
    -- session made a moment ago on the primary may not be replayed yet: a signed token
    -- with an unknown sid gets the account checks below there (a deleted account's token
    -- is refused once the deletion is replayed); the primary decides for every write.
  end if;
  if sub is null or claims ->> 'role' not in ('player', 'owner', 'admin')
     or sub !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return null;
  end if;
  select u.deleted_at is not null
         or u.tokens_valid_after > to_timestamp(case when jsonb_typeof(iat) = 'number' then iat::text::double precision
                                                     else 0 end)
    into refused
  from data.app_user u where u.id = sub::uuid;
  return case when refused then 'revoked' end;
end
$$;
comment on function data.session_refusal(jsonb) is 'Null when a token with these claims may act; else why not (its session is revoked or unknown)';

create function data.check_session(claims jsonb) returns void
language plpgsql stable
set search_path = pg_catalog
as $$
begin
  if claims is not null and data.session_refusal(claims) is not null then
    perform data.api_error_with_headers('session_revoked', 'This session has ended: log in again', 401,
      jsonb_build_object('WWW-Authenticate', 'Bearer error="invalid_token", error_description="session_revoked"'));
  end if;
end
$$;
comment on function data.check_session(jsonb) is 'Raises session_revoked (401) for a token whose session was revoked';

create function api.check_session() returns void
language plpgsql stable security definer
set search_path = pg_catalog
as $$
begin
  perform data.check_session(nullif(current_setting('request.jwt.claims', true), '')::jsonb);
end
$$;
comment on function api.check_session() is
  'PostgREST db-pre-request: a token of a logged-out, rotated-away or revoked session gets session_revoked 401';
grant execute on function api.check_session() to anon, player, owner, admin;

-- The webhook service's copy of the same check, for the claims it verified.
create function internal.check_session(claims jsonb) returns void
language plpgsql stable security definer
set search_path = pg_catalog
as $$
begin
  perform data.check_session(claims);
end
$$;
comment on function internal.check_session(jsonb) is 'Webhook service: raises session_revoked (401) for the claims of a revoked session''s token';
grant execute on function internal.check_session(jsonb) to webhook_service;

-- A refresh token for an access token and a new refresh token. Called without
-- an Authorization header (the access token may have expired). A refresh token
-- already exchanged revokes its session: someone else holds a copy.
create function api.refresh_session(refresh_token text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
  h bytea;
  s data.session;
  reused uuid;
begin
  if refresh_token is null or length(refresh_token) not between 1 and 200 then
    perform data.api_error('invalid_input', 'refresh_token is required', 400);
  end if;
  h := data.refresh_hash(refresh_token);
  select * into s from data.session where refresh_hash = h for update;
  if s.id is null then
    select sp.session_id into reused from data.spent_refresh_token sp where sp.refresh_hash = h;
    if reused is not null then
      update data.session ss set revoked_at = now(), revoked_reason = 'refresh_reuse'
      where ss.id = reused and ss.revoked_at is null;
      delete from data.device d where d.session_id = reused;
      -- Committed: the reuse must revoke the session even though the answer is an error.
      return data.committed_error('session_revoked', 'This refresh token was already used: the session is revoked', 401);
    end if;
    perform data.api_error('session_revoked', 'Unknown or revoked refresh token: log in again', 401);
  end if;
  if s.revoked_at is not null or s.refresh_expires_at <= now() then
    perform data.api_error('session_revoked', 'This session has ended: log in again', 401);
  end if;
  return data.rotate_session(s.id);
end
$$;
comment on function api.refresh_session(text) is
  'Exchanges a refresh token (single use) for {token, expires_at, refresh_token}; a used one revokes its session (session_revoked 401). Returns json: the reuse answer is an error whose revocation commits (data.committed_error), so the answer cannot be a named type';
grant execute on function api.refresh_session(text) to anon, player, owner, admin;

create type api.ok_answer as (ok boolean);
comment on type api.ok_answer is '{ok: true}';

create function api.logout() returns api.ok_answer
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
  sid uuid := data.current_session_id();
begin
  if sid is null then
    -- A token from before sessions: cut off every such token of the account.
    update data.app_user set tokens_valid_after = now() where id = uid;
  else
    update data.session s set revoked_at = now(), revoked_reason = 'logout'
    where s.id = sid and s.user_id = uid and s.revoked_at is null;
    delete from data.device d where d.session_id = sid;
  end if;
  return row(true)::api.ok_answer;
end
$$;
comment on function api.logout() is 'Ends the caller''s session: its tokens get session_revoked, its push devices are unregistered. {ok: true}';
grant execute on function api.logout() to player, owner, admin;

create type api.logout_everywhere_answer as (ok boolean, sessions integer);
comment on type api.logout_everywhere_answer is '{ok: true, sessions: how many were revoked}';

create function api.logout_everywhere() returns api.logout_everywhere_answer
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
  n integer;
begin
  n := data.revoke_sessions(uid, 'logout_everywhere');
  update data.app_user set tokens_valid_after = now() where id = uid;
  delete from data.device d where d.user_id = uid;
  return row(true, n)::api.logout_everywhere_answer;
end
$$;
comment on function api.logout_everywhere() is 'Ends every session of the caller (and every older token) and unregisters all their devices. {ok, sessions}';
grant execute on function api.logout_everywhere() to player, owner, admin;
