-- Password reset by a 6-digit code sent to the account's email (docs/API.md,
-- "Accounts and sessions"). Neither call tells whether an account has the
-- email: the request always answers {ok: true} after the same bcrypt work, and
-- a code for an unknown email is as wrong, as throttled and as slow as a wrong
-- code for a known one.

create function api.request_password_reset(email text) returns api.ok_answer
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  clean_email text := lower(btrim(request_password_reset.email));
  uid uuid;
begin
  if clean_email is null or length(clean_email) > 254 or clean_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform data.api_error('invalid_input', 'email is not a valid email address', 400);
  end if;
  -- Locked: one account's requests run one after the other (the hourly limit, one open code).
  select u.id into uid from data.app_user u where u.email = clean_email::public.citext and u.deleted_at is null
  for update;
  if uid is not null and data.account_code_wait(uid, 'password_reset') is null then
    perform data.send_account_code(uid, 'password_reset', 'Your courtbook password reset code',
      'Your code to choose a new courtbook password is {code}. It expires in 30 minutes. '
      'If you did not ask for it, ignore this email: your password has not changed.');
  else
    -- No account, or 5 codes sent within the hour: the same bcrypt work, nothing sent.
    perform data.hash_password(data.new_account_code());
  end if;
  return row(true)::api.ok_answer;
end
$$;
comment on function api.request_password_reset(text) is
  'Emails a 6-digit password-reset code (30 minutes) when an account has the email; always {ok: true}, in the same time either way (at most 5 codes an hour)';
grant execute on function api.request_password_reset(text) to anon, player, owner, admin;

-- Returns json: a wrong code is an error whose recorded attempt must commit.
create function api.reset_password(email text, code text, new_password text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  clean_email text := lower(btrim(reset_password.email));
  key bytea;
  uid uuid;
begin
  if clean_email is null or length(clean_email) > 254 then
    perform data.api_error('invalid_input', 'email is required', 400);
  end if;
  perform data.check_code_format(reset_password.code);
  perform data.check_new_password(reset_password.new_password, 'new_password');
  key := data.throttle_key(clean_email);
  select u.id into uid from data.app_user u where u.email = clean_email::public.citext and u.deleted_at is null;
  if not data.take_account_code(uid, 'password_reset', reset_password.code, key) then
    return data.committed_error('invalid_code', 'The code is wrong, used or expired', 400);
  end if;
  -- The code proved the email: it counts as verified. Every session and push device goes.
  update data.app_user u
     set password_hash = data.hash_password(reset_password.new_password), tokens_valid_after = now(),
         email_verified_at = coalesce(u.email_verified_at, now())
   where u.id = uid;
  perform data.revoke_sessions(uid, 'password_reset');
  delete from data.device d where d.user_id = uid;
  perform data.throttle_clear('login', key);
  return json_build_object('ok', true);
end
$$;
comment on function api.reset_password(text, text, text) is
  'Sets a new password with the emailed code: {ok: true}, every session revoked; invalid_code 400 (wrong, used or expired); 5 wrong codes within 30 minutes: too_many_attempts 429. Returns json: a wrong code is an error whose attempt commits (data.committed_error), so the answer cannot be a named type';
grant execute on function api.reset_password(text, text, text) to anon, player, owner, admin;
