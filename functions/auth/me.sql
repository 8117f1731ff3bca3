-- The caller's own account (0.2: a named type, with email_verified and level).
drop function if exists api.me();

create type api.profile as (
  user_id uuid,
  email text,
  full_name text,
  role text,
  phone text,
  email_verified boolean,
  level numeric
);
comment on type api.profile is 'The me object: {user_id, email, full_name, role, phone, email_verified, level}';

create function data.profile_of(user_id uuid) returns api.profile
language plpgsql stable
set search_path = pg_catalog
as $$
declare
  answer api.profile;
begin
  select u.id, u.email::text, u.full_name, u.role::text, u.phone, u.email_verified_at is not null, u.level
    into answer
  from data.app_user u
  where u.id = profile_of.user_id and u.deleted_at is null;
  if answer.user_id is null then
    perform data.api_error('not_found', 'No account for this token', 404);
  end if;
  return answer;
end
$$;
comment on function data.profile_of(uuid) is 'The me object of an account; not_found for none (or a deleted one)';

create function api.me() returns api.profile
language plpgsql stable security definer
set search_path = pg_catalog
as $$
begin
  return data.profile_of(data.current_user_id());
end
$$;
comment on function api.me() is 'The logged-in caller''s {user_id, email, full_name, role, phone, email_verified, level}; anon gets 401';

-- Not granted to anon: PostgREST answers an anonymous call with 401.
grant execute on function api.me() to player, owner, admin;
