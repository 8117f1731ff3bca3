-- Six-digit single-use codes (password reset, email verification): what both
-- flows share. A code is stored only as a bcrypt hash, lives 30 minutes, is
-- replaced by a newer one, and closes after 5 wrong tries within 30 minutes
-- (data.auth_failure, kind = the purpose); at most 5 codes are sent per account
-- and purpose in an hour. The code travels in a notification outbox row (email
-- channel) that the worker delivers; once delivered, the row forgets the code.

-- A uniformly random 6-digit code (rejection sampling: no modulo bias).
create function data.new_account_code() returns text
language plpgsql volatile
set search_path = pg_catalog
as $$
declare
  n bigint;
begin
  loop
    n := ('x' || lpad(encode(public.gen_random_bytes(4), 'hex'), 16, '0'))::bit(64)::bigint;
    -- 4294000000 is the largest multiple of 10^6 below 2^32.
    exit when n < 4294000000;
  end loop;
  return lpad((n % 1000000)::text, 6, '0');
end
$$;
comment on function data.new_account_code() is 'A random 6-digit code (uniform over 000000-999999)';

-- Seconds until one more code of this purpose may be sent to the account, or
-- null when one may be sent now (at most 5 within an hour).
create function data.account_code_wait(user_id uuid, purpose text) returns integer
language sql stable
set search_path = pg_catalog
as $$
  select greatest(1, ceil(extract(epoch from c.created_at + interval '1 hour' - now())))::integer
  from data.account_code c
  where c.user_id = account_code_wait.user_id and c.purpose = account_code_wait.purpose
    and c.created_at > now() - interval '1 hour'
  order by c.created_at desc
  offset 4 limit 1
$$;
comment on function data.account_code_wait(uuid, text) is 'Null when another code may be sent now; else the seconds until one may (5 per account and purpose per hour)';

-- Issues a code: the open one of this purpose is replaced, the new one stored
-- hashed (30 minutes) and queued as an email through the outbox.
create function data.send_account_code(user_id uuid, purpose text, title text, body text) returns void
language plpgsql volatile
set search_path = pg_catalog
as $$
declare
  code text := data.new_account_code();
  expires timestamptz := now() + interval '30 minutes';
begin
  update data.account_code c set used_at = now(), outcome = 'replaced'
  where c.user_id = send_account_code.user_id and c.purpose = send_account_code.purpose and c.used_at is null;
  insert into data.account_code (user_id, purpose, code_hash, expires_at)
  values (send_account_code.user_id, send_account_code.purpose, data.hash_password(code), expires);
  perform data.notify(send_account_code.user_id, send_account_code.purpose, null,
    jsonb_build_object('channel', 'email', 'code', code, 'expires_at', expires, 'title', title,
                       'body', replace(body, '{code}', code)));
end
$$;
comment on function data.send_account_code(uuid, text, text, text) is
  'Replaces the account''s open code of this purpose with a new one (bcrypt, 30 minutes) and queues the email ({code} in body is the code)';

-- Checks a code: true once for the right, open, unexpired code (which closes).
-- Refused with too_many_attempts while 5 wrong codes of the key lie within 30
-- minutes; a wrong code is recorded (the caller answers with
-- data.committed_error so the record stays) and the 5th closes the open code.
-- An unknown account (user_id null) costs the same bcrypt work and is recorded
-- the same way, so neither answer nor timing tells whether it exists. Racing
-- confirmations of one code: the row lock lets one through; the others find it
-- used.
create function data.take_account_code(user_id uuid, purpose text, code text, key bytea) returns boolean
language plpgsql volatile
set search_path = pg_catalog
as $$
declare
  c data.account_code;
begin
  perform data.throttle_check(purpose, key, 5, interval '30 minutes');
  select * into c from data.account_code a
  where a.user_id = take_account_code.user_id and a.purpose = take_account_code.purpose
    and a.used_at is null and a.expires_at > now()
  for update;
  if data.password_matches(code, c.code_hash) then
    update data.account_code set used_at = now(), outcome = 'used' where id = c.id;
    perform data.throttle_clear(purpose, key);
    return true;
  end if;
  perform data.throttle_fail(purpose, key);
  if (select count(*) from data.auth_failure f
      where f.kind = take_account_code.purpose and f.key = take_account_code.key
        and f.at > now() - interval '30 minutes') >= 5 then
    update data.account_code a set used_at = now(), outcome = 'too_many_attempts'
    where a.user_id = take_account_code.user_id and a.purpose = take_account_code.purpose and a.used_at is null;
  end if;
  return false;
end
$$;
comment on function data.take_account_code(uuid, text, text, bytea) is
  'True once for the right open code (it closes); false and recorded for a wrong one (the 5th closes the code); too_many_attempts 429 after 5 wrong within 30 minutes';

create function data.check_code_format(code text) returns void
language plpgsql immutable
set search_path = pg_catalog
as $$
begin
  if code is null or code !~ '^[0-9]{6}$' then
    perform data.api_error('invalid_input', 'code must be the 6 digits of the email', 400);
  end if;
end
$$;
comment on function data.check_code_format(text) is 'invalid_input unless the code is 6 ASCII digits';

-- A delivered code email forgets its code: the outbox row keeps what was sent
-- when, not a secret (mark_notification_sent clears last_error after the claim).
create function data.forget_delivered_code() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  new.payload := (new.payload - 'code') || jsonb_build_object('body', 'A code was sent (removed after delivery).');
  return new;
end
$$;
comment on function data.forget_delivered_code() is 'Trigger: a delivered password_reset, email_verification or staff_invited (a new staff account''s password-set code) notification drops its code';

create trigger notification_forgets_delivered_code
  before update of sent_at, last_error on data.notification
  for each row
  when (new.kind in ('password_reset', 'email_verification', 'staff_invited') and new.sent_at is not null
        and new.last_error is null and new.payload ? 'code')
  execute function data.forget_delivered_code();
