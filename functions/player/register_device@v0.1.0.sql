create function api.register_device(token text, platform text)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
begin
  if register_device.token is null or length(register_device.token) not between 1 and 4096 then
    perform data.api_error('invalid_input', 'token must be 1 to 4096 characters', 400);
  end if;
  if register_device.platform is null or register_device.platform not in ('ios', 'android', 'web') then
    perform data.api_error('invalid_input', 'platform must be ios, android or web', 400, register_device.platform);
  end if;
  if not exists (select from data.app_user u where u.id = uid) then
    perform data.api_error('forbidden', 'No account for this token', 403);
  end if;
  -- A token moves to whoever registers it last (a device changes hands or accounts).
  insert into data.device as d (user_id, token, platform)
  values (uid, register_device.token, register_device.platform::data.device_platform)
  on conflict (token) do update
    set user_id = excluded.user_id, platform = excluded.platform, last_seen_at = now();
  return json_build_object('ok', true);
end
$$;
comment on function api.register_device(text, text) is 'Registers the caller''s push token (ios, android or web). {ok: true}';
grant execute on function api.register_device(text, text) to player, owner, admin;
