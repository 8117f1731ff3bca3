-- An FCM registration token (0.2: checked, and tied to the session that
-- registered it, so that session's logout unregisters it).
create or replace function data.is_fcm_token(token text) returns boolean
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  -- FCM registration tokens are opaque URL-safe strings of about 150-250 characters
  -- (an instance id, a colon, then a long payload). Refused: Expo push tokens
  -- (ExponentPushToken[...]) and raw APNs device tokens (64 hex digits), which FCM
  -- cannot deliver to.
  select length(token) between 100 and 4096
     and token ~ '^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$'
$$;
comment on function data.is_fcm_token(text) is 'True for what looks like an FCM registration token (not an Expo or APNs token)';

-- 0.2: the answer is api.ok_answer (PostgREST's OpenAPI description shows it), no
-- longer json; a new return type needs the old function gone first.
drop function api.register_device(text, text);

create function api.register_device(token text, platform text)
returns api.ok_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
  sid text := nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sid';
begin
  if register_device.token is null or not data.is_fcm_token(register_device.token) then
    perform data.api_error('invalid_input',
      'token must be an FCM registration token (Expo and APNs tokens are not accepted)', 400);
  end if;
  if register_device.platform is null or register_device.platform not in ('ios', 'android', 'web') then
    perform data.api_error('invalid_input', 'platform must be ios, android or web', 400, register_device.platform);
  end if;
  if not exists (select from data.app_user u where u.id = uid and u.deleted_at is null) then
    perform data.api_error('forbidden', 'No account for this token', 403);
  end if;
  -- A token moves to whoever registers it last (a device changes hands or accounts).
  insert into data.device as d (user_id, token, platform, session_id)
  values (uid, register_device.token, register_device.platform::data.device_platform,
          (select s.id from data.session s where s.id = sid::uuid))
  on conflict (token) do update
    set user_id = excluded.user_id, platform = excluded.platform, session_id = excluded.session_id,
        last_seen_at = now();
  return row(true)::api.ok_answer;
end
$$;
comment on function api.register_device(text, text) is
  'Registers the caller''s FCM registration token (platform ios, android or web) under the current session; Expo and APNs tokens: invalid_input. {ok: true}';
grant execute on function api.register_device(text, text) to player, owner, admin;
