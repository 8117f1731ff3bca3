create function api.signup(
  email text, password text, full_name text, role text default 'player', phone text default null
)
returns json
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
  -- A weak password: shorter than 8, or without both a letter and a digit.
  if password is null or length(password) < 8 or length(password) > 200
     or password !~ '[[:alpha:]]' or password !~ '[[:digit:]]' then
    perform data.api_error('invalid_input',
      'password must be 8 to 200 characters with at least one letter and one digit', 400);
  end if;
  if full_name is null or length(btrim(full_name)) not between 1 and 200 then
    perform data.api_error('invalid_input', 'full_name is required (at most 200 characters)', 400);
  end if;
  if phone is not null and phone !~ '^\+[1-9][0-9]{6,14}$' then
    perform data.api_error('invalid_input', 'phone must be an E.164 number such as +34600000000', 400);
  end if;
  -- admin is never self-service.
  if role is null or role not in ('player', 'owner') then
    perform data.api_error('invalid_input', 'role must be player or owner', 400);
  end if;

  insert into data.app_user (email, password_hash, full_name, role, phone)
  values (clean_email, public.crypt(password, public.gen_salt('bf', 10)), btrim(full_name), role::data.user_role, phone)
  on conflict on constraint app_user_email_key do nothing
  returning id into new_id;

  if new_id is null then
    perform data.api_error('email_taken', 'An account with this email already exists', 409);
  end if;
  return data.issue_token(new_id, clean_email, role::data.user_role);
end
$$;
comment on function api.signup(text, text, text, text, text) is 'Creates a player or owner account (phone optional, E.164, for SMS) and returns {user_id, role, token, expires_at}';

grant execute on function api.signup(text, text, text, text, text) to anon, player, owner, admin;
