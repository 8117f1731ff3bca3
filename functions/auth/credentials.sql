-- Per-account throttling of password and code attempts (docs/API.md, "Auth").
-- Failures are kept per key (sha256 of the lowercased email, or of the user id),
-- so an unknown email is throttled and answered exactly like a known one.

create function data.throttle_key(subject text) returns bytea
language sql immutable strict parallel safe
set search_path = pg_catalog
as $$
  select public.digest(convert_to(lower(btrim(subject)), 'utf8'), 'sha256')
$$;
comment on function data.throttle_key(text) is 'The throttle key of an email or user id (sha256 of it lowercased)';

-- Refuses with too_many_attempts (429, Retry-After in seconds) while `max_failures`
-- failures of this key lie within the last `window`. A locked window is not
-- reset by a right answer: the caller checks before it looks at the answer.
create function data.throttle_check(kind text, key bytea, max_failures integer, time_window interval)
returns void
language plpgsql stable
set search_path = pg_catalog
as $$
declare
  oldest timestamptz;
  wait_seconds integer;
begin
  -- The max_failures-th most recent failure: once it leaves the window, one more try is allowed.
  select f.at into oldest
  from data.auth_failure f
  where f.kind = throttle_check.kind and f.key = throttle_check.key and f.at > now() - time_window
  order by f.at desc
  offset max_failures - 1 limit 1;
  if oldest is not null then
    wait_seconds := greatest(1, ceil(extract(epoch from oldest + time_window - now()))::integer);
    perform data.api_error_with_headers('too_many_attempts',
      'Too many attempts: try again in ' || wait_seconds || ' seconds', 429,
      jsonb_build_object('Retry-After', wait_seconds::text), wait_seconds::text);
  end if;
end
$$;
comment on function data.throttle_check(text, bytea, integer, interval) is
  'too_many_attempts 429 with Retry-After while max_failures failures of the key are inside the window';

-- Records a failure (the caller then answers with data.committed_error, so it
-- stays recorded) and prunes failures older than a day, a few at a time.
create function data.throttle_fail(kind text, key bytea) returns void
language sql volatile
set search_path = pg_catalog
as $$
  insert into data.auth_failure (kind, key) values (throttle_fail.kind, throttle_fail.key);
  delete from data.auth_failure f
  where f.id in (select o.id from data.auth_failure o where o.at < now() - interval '1 day' order by o.at limit 20);
$$;
comment on function data.throttle_fail(text, bytea) is 'Records a failed attempt of the key; prunes day-old failures';

create function data.throttle_clear(kind text, key bytea) returns void
language sql volatile
set search_path = pg_catalog
as $$
  delete from data.auth_failure f where f.kind = throttle_clear.kind and f.key = throttle_clear.key;
$$;
comment on function data.throttle_clear(text, bytea) is 'Forgets the failures of a key after a success outside a locked window';

-- bcrypt check of a password against a hash; with no hash (an unknown email)
-- the same work is done against a dummy, so timing tells nothing.
create function data.password_matches(password text, password_hash text) returns boolean
language plpgsql volatile
set search_path = pg_catalog
as $$
begin
  if password_hash is null or password_hash not like '$2_$%' then
    -- the dummy: a bcrypt of cost 10, like every real hash
    perform public.crypt(coalesce(password, ''), public.gen_salt('bf', 10));
    return false;
  end if;
  return password is not null and public.crypt(password, password_hash) = password_hash;
end
$$;
comment on function data.password_matches(text, text) is 'True when the password matches the bcrypt hash; the same bcrypt work when there is none (unknown or deleted account)';

-- The password rules (docs/API.md): 8 to 200 characters, at least one letter and one digit.
create function data.check_new_password(password text, argument text default 'password') returns void
language plpgsql immutable
set search_path = pg_catalog
as $$
begin
  if password is null or length(password) < 8 or length(password) > 200
     or password !~ '[[:alpha:]]' or password !~ '[[:digit:]]' then
    perform data.api_error('invalid_input',
      argument || ' must be 8 to 200 characters with at least one letter and one digit', 400);
  end if;
end
$$;
comment on function data.check_new_password(text, text) is 'invalid_input unless the password is 8-200 characters with a letter and a digit';

create function data.hash_password(password text) returns text
language sql volatile
set search_path = pg_catalog
as $$
  select public.crypt(password, public.gen_salt('bf', 10))
$$;
comment on function data.hash_password(text) is 'bcrypt (cost 10) of a password';

-- Login throttle: 5 wrong passwords for one account key within 15 minutes.
create function data.login_throttle_check(key bytea) returns void
language sql stable
set search_path = pg_catalog
as $$
  select data.throttle_check('login', key, 5, interval '15 minutes')
$$;
comment on function data.login_throttle_check(bytea) is 'too_many_attempts after 5 wrong passwords of the account within 15 minutes';

create function data.check_phone(phone text) returns void
language plpgsql immutable
set search_path = pg_catalog
as $$
begin
  if phone is not null and phone !~ '^\+[1-9][0-9]{6,14}$' then
    perform data.api_error('invalid_input', 'phone must be an E.164 number such as +34600000000', 400);
  end if;
end
$$;
comment on function data.check_phone(text) is 'invalid_input unless the phone is null or an E.164 number';
