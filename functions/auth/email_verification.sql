-- Email verification by a 6-digit code (docs/API.md, "Accounts and sessions").

create function api.request_email_verification() returns api.ok_answer
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
  verified boolean;
  wait_seconds integer;
begin
  select u.email_verified_at is not null into verified
  from data.app_user u where u.id = uid and u.deleted_at is null
  for update;
  if verified is null then
    perform data.api_error('not_found', 'No account for this token', 404);
  end if;
  if verified then
    return row(true)::api.ok_answer; -- nothing left to verify: no email
  end if;
  wait_seconds := data.account_code_wait(uid, 'email_verification');
  if wait_seconds is not null then
    perform data.api_error_with_headers('too_many_attempts',
      'Too many codes sent: try again in ' || wait_seconds || ' seconds', 429,
      jsonb_build_object('Retry-After', wait_seconds), wait_seconds::text);
  end if;
  perform data.send_account_code(uid, 'email_verification', 'Your courtbook verification code',
    'Your code to verify this email address on courtbook is {code}. It expires in 30 minutes.');
  return row(true)::api.ok_answer;
end
$$;
comment on function api.request_email_verification() is
  'Emails the caller a 6-digit verification code (30 minutes; a new one replaces the old; 5 an hour, then too_many_attempts 429). {ok: true}; nothing sent when already verified';
grant execute on function api.request_email_verification() to player, owner, admin;

-- Returns json: a wrong code is an error whose recorded attempt must commit.
create function api.verify_email(code text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog
as $$
declare
  uid uuid := data.require_user();
begin
  perform data.check_code_format(verify_email.code);
  if not data.take_account_code(uid, 'email_verification', verify_email.code, data.throttle_key(uid::text)) then
    return data.committed_error('invalid_code', 'The code is wrong, used or expired', 400);
  end if;
  update data.app_user u set email_verified_at = coalesce(u.email_verified_at, now()) where u.id = uid;
  return json_build_object('email_verified', true);
end
$$;
comment on function api.verify_email(text) is
  'Verifies the caller''s email with the emailed code: {email_verified: true}; invalid_code 400 (wrong, used or expired); 5 wrong codes within 30 minutes: too_many_attempts 429. Returns json: a wrong code is an error whose attempt commits (data.committed_error), so the answer cannot be a named type';
grant execute on function api.verify_email(text) to player, owner, admin;
