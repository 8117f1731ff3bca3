create function api.unregister_device(token text) returns api.ok_answer
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
begin
  if unregister_device.token is null or length(unregister_device.token) not between 1 and 4096 then
    perform data.api_error('invalid_input', 'token must be 1 to 4096 characters', 400);
  end if;
  delete from data.device d where d.token = unregister_device.token and d.user_id = uid;
  return row(true)::api.ok_answer;
end
$$;
comment on function api.unregister_device(text) is 'Removes one of the caller''s push tokens (nothing when it is not theirs). {ok: true}';
grant execute on function api.unregister_device(text) to player, owner, admin;
