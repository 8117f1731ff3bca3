create function api.me() returns json
language plpgsql stable security definer
set search_path = pg_catalog
as $$
declare
  answer json;
begin
  select json_build_object('user_id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role,
                           'phone', u.phone)
    into answer
  from data.app_user u
  where u.id = data.current_user_id();
  if answer is null then
    perform data.api_error('not_found', 'No account for this token', 404);
  end if;
  return answer;
end
$$;
comment on function api.me() is 'The logged-in caller''s {user_id, email, full_name, role, phone}; anon gets 401';

-- Not granted to anon: PostgREST answers an anonymous call with 401.
grant execute on function api.me() to player, owner, admin;
