-- Accounts (issue 15): update_profile, change_password, password reset and
-- email verification codes (hashed, 30 minutes, 5 tries, no enumeration, sent
-- through the outbox), delete_account (policy refunds, personal data erased,
-- money rows kept).
begin;
select plan(117);

create function pg_temp.claims(token text) returns jsonb language sql as $$
  select convert_from(decode(rpad(translate(split_part(token, '.', 2), '-_', '+/'),
    4 * ceil(length(split_part(token, '.', 2)) / 4.0)::int, '='), 'base64'), 'utf8')::jsonb
$$;
create function pg_temp.act_with(token text) returns void language sql as $$
  select set_config('request.jwt.claims', pg_temp.claims(token)::text, true);
  select set_config('role', pg_temp.claims(token) ->> 'role', true);
$$;
create function pg_temp.check(token text) returns jsonb language plpgsql as $$
declare
  answer jsonb;
begin
  perform pg_temp.act_with(token);
  answer := test.api_error('select api.check_session()');
  reset role;
  return answer;
end
$$;
-- The code the worker would send: the latest outbox row of that kind for the user.
create function pg_temp.mailed_code(uid uuid, kind text) returns text language sql security definer as $$
  select n.payload ->> 'code' from data.notification n where n.user_id = uid and n.kind = mailed_code.kind
  order by n.id desc limit 1
$$;
create function pg_temp.uid(email text) returns uuid language sql security definer as $$
  select id from data.app_user where app_user.email = uid.email::citext
$$;
grant execute on function pg_temp.claims(text), pg_temp.act_with(text), pg_temp.check(text),
  pg_temp.mailed_code(uuid, text), pg_temp.uid(text) to public;

select test.act_as('anon');
create temp table ann as select to_jsonb(api.signup('ann@accounts.test', 'goodpass1', 'Ann')) as a;
create temp table ann2 as select api.login('ann@accounts.test', 'goodpass1')::jsonb as a;
create temp table bob as select to_jsonb(api.signup('bob@accounts.test', 'goodpass1', 'Bob')) as a;
grant select on ann, ann2, bob to public;
reset role;

-- update_profile ------------------------------------------------------------
select pg_temp.act_with((select a ->> 'token' from ann));
select is(row_to_json(api.update_profile('  Ann Smith ', '+34600111222', 3.5))::jsonb - 'user_id',
  '{"email": "ann@accounts.test", "full_name": "Ann Smith", "role": "player", "phone": "+34600111222", "email_verified": false, "level": 3.5}',
  'update_profile sets name (trimmed), phone and level and answers the me object');
select is(row_to_json(api.update_profile())::jsonb ->> 'full_name', 'Ann Smith', 'no argument keeps every value');
select is(row_to_json(api.update_profile(level => 4.0))::jsonb ->> 'phone', '+34600111222', 'a value left out is kept');
select is(row_to_json(api.update_profile(phone => ''))::jsonb -> 'phone', 'null', 'phone '''' removes the number');
select is(row_to_json(api.me())::jsonb ->> 'level', '4.0', 'me shows the level');
select is(test.api_error($$select api.update_profile(level => 7.5)$$) ->> 'code', 'invalid_input', 'level above 7.0');
select is(test.api_error($$select api.update_profile(level => -0.5)$$) ->> 'code', 'invalid_input', 'level below 0.0');
select is(test.api_error($$select api.update_profile(level => 3.25)$$) ->> 'code', 'invalid_input', 'level with two decimals');
select is(test.api_error($$select api.update_profile(level => 'NaN')$$) ->> 'code', 'invalid_input', 'level NaN');
select is(test.api_error($$select api.update_profile(phone => '600111222')$$) ->> 'code', 'invalid_input', 'a phone not in E.164');
select is(test.api_error($$select api.update_profile(full_name => '   ')$$) ->> 'code', 'invalid_input', 'a blank name');
select is(test.api_error($$select api.update_profile(full_name => repeat('x', 201))$$) ->> 'code', 'invalid_input', 'a name over 200 characters');
select is(test.api_error($$select api.update_profile(full_name => E'Ann\nSmith')$$) ->> 'code', 'invalid_input', 'a name with a control character');
reset role;
select is((select full_name from data.app_user where email = 'bob@accounts.test'), 'Bob', 'nobody else''s profile changed');
select ok(not has_function_privilege('anon', 'api.update_profile(text, text, numeric)', 'execute'), 'anon may not call update_profile (401)');

-- change_password -------------------------------------------------------------
insert into data.device (user_id, token, platform, session_id) values
  (pg_temp.uid('ann@accounts.test'), 'fcm-ann-1:' || repeat('A', 140), 'ios', (select (pg_temp.claims(a ->> 'token') ->> 'sid')::uuid from ann)),
  (pg_temp.uid('ann@accounts.test'), 'fcm-ann-2:' || repeat('B', 140), 'android', (select (pg_temp.claims(a ->> 'token') ->> 'sid')::uuid from ann2));
select pg_temp.act_with((select a ->> 'token' from ann));
create temp table wrong_cp as select api.change_password('notmypass1', 'newpass22')::jsonb as a, current_setting('response.status', true) as status;
grant select on wrong_cp to public;
select is((select a ->> 'code' || ' ' || status from wrong_cp), 'invalid_credentials 401', 'a wrong current password: invalid_credentials 401');
select is(test.api_error($$select api.change_password('goodpass1', 'short1')$$) ->> 'code', 'invalid_input', 'a new password under the rules');
select is(test.api_error($$select api.change_password('goodpass1', 'goodpass1')$$) ->> 'code', 'invalid_input', 'the same password again');
create temp table cp as select api.change_password('goodpass1', 'newpass22')::jsonb as a;
grant select on cp to public;
reset role;
select is((select array_agg(k order by k) from cp, jsonb_object_keys(a) k), array['expires_at', 'refresh_token', 'token'],
  'change_password answers a new token pair');
select is((select pg_temp.claims(a ->> 'token') ->> 'sid' from cp), (select pg_temp.claims(a ->> 'token') ->> 'sid' from ann),
  'for the same session');
select is(pg_temp.check((select a ->> 'token' from ann2)) ->> 'code', 'session_revoked', 'every other session is revoked');
select is((select revoked_reason from data.session where id = (select (pg_temp.claims(a ->> 'token') ->> 'sid')::uuid from ann2)),
  'password_changed', '... as password_changed');
select is(pg_temp.check((select a ->> 'token' from cp)), null, 'this session lives on');
select is((select array_agg(platform::text) from data.device where user_id = pg_temp.uid('ann@accounts.test')), array['ios'],
  'the other session''s push device is gone, this one''s stays');
select test.act_as('anon');
select is(api.refresh_session((select a ->> 'refresh_token' from ann))::jsonb ->> 'code', 'session_revoked',
  'this session''s previous refresh token is spent');
reset role;
select is(pg_temp.check((select a ->> 'token' from cp)) ->> 'code', 'session_revoked', '... and presenting it revoked the session (theft detection)');
select test.act_as('anon');
select is(api.login('ann@accounts.test', 'goodpass1')::jsonb ->> 'code', 'invalid_credentials', 'the old password no longer logs in');
create temp table ann3 as select api.login('ann@accounts.test', 'newpass22')::jsonb as a;
grant select on ann3 to public;
reset role;
select ok((select a ? 'token' from ann3), 'the new one does');
-- The current password is throttled like a login: a stolen access token cannot guess it.
select pg_temp.act_with((select a ->> 'token' from ann3));
select is((select array_agg(api.change_password('guess' || n || 'xyz', 'newpass33')::jsonb ->> 'code') from generate_series(1, 5) n),
  array_fill('invalid_credentials'::text, array[5]), 'five wrong current passwords...');
select is(test.api_error($$select api.change_password('newpass22', 'newpass33')$$) ->> 'code', 'too_many_attempts',
  '... lock it for 15 minutes, even for the right one');
reset role;
delete from data.auth_failure;

-- Password reset -----------------------------------------------------------------
select test.act_as('anon');
select is((api.request_password_reset('nobody@accounts.test')).ok, true, 'a reset for an unknown email answers ok');
reset role;
select is((select count(*)::int from data.account_code) + (select count(*)::int from data.notification where kind = 'password_reset'), 0,
  '... and stores and sends nothing');
select test.act_as('anon');
select is((api.request_password_reset(' BOB@accounts.test ')).ok, true, 'a reset for a known email answers the same');
select is(test.api_error($$select api.request_password_reset('not an email')$$) ->> 'code', 'invalid_input', 'an ill-formed email');
select is(test.api_error($$select api.request_password_reset(null)$$) ->> 'code', 'invalid_input', 'no email');
reset role;
select is((select payload ->> 'channel' from data.notification where kind = 'password_reset' and user_id = pg_temp.uid('bob@accounts.test')),
  'email', 'the code goes out through the outbox, on the email channel');
select ok(pg_temp.mailed_code(pg_temp.uid('bob@accounts.test'), 'password_reset') ~ '^[0-9]{6}$', 'a 6-digit code');
select ok((select position(pg_temp.mailed_code(pg_temp.uid('bob@accounts.test'), 'password_reset') in payload ->> 'body') > 0
           from data.notification where kind = 'password_reset'), 'written in the email''s body');
select ok((select code_hash like '$2_$10$%' and code_hash = crypt(pg_temp.mailed_code(user_id, 'password_reset'), code_hash)
           from data.account_code where user_id = pg_temp.uid('bob@accounts.test')), 'stored only as a bcrypt hash');
select is((select expires_at - created_at from data.account_code where user_id = pg_temp.uid('bob@accounts.test')), interval '30 minutes',
  'valid 30 minutes');
create temp table first_code as select pg_temp.mailed_code(pg_temp.uid('bob@accounts.test'), 'password_reset') as c;
grant select on first_code to public;
select test.act_as('anon');
select api.request_password_reset('bob@accounts.test');
reset role;
select is((select array_agg(coalesce(outcome, 'open') order by id) from data.account_code where user_id = pg_temp.uid('bob@accounts.test')),
  array['replaced', 'open'], 'a new request replaces the open code');
-- A wrong code, then the replaced one, then a reused one.
create temp table right_code as select pg_temp.mailed_code(pg_temp.uid('bob@accounts.test'), 'password_reset') as c;
grant select on right_code to public;
select test.act_as('anon');
create temp table wrong_rp as
  select api.reset_password('bob@accounts.test', lpad(((c::int + 1) % 1000000)::text, 6, '0'), 'resetpass1')::jsonb as a,
         current_setting('response.status', true) as status from right_code;
grant select on wrong_rp to public;
select is((select a ->> 'code' || ' ' || status from wrong_rp), 'invalid_code 400', 'a wrong code: invalid_code 400');
select is((select api.reset_password('bob@accounts.test', c, 'resetpass1')::jsonb ->> 'code' from first_code
           where c <> (select c from right_code)), 'invalid_code', 'a replaced code: invalid_code');
select is(test.api_error($$select api.reset_password('bob@accounts.test', '12345', 'resetpass1')$$) ->> 'code', 'invalid_input',
  'a code that is not 6 digits');
select is(test.api_error($$select api.reset_password('bob@accounts.test', '١٢٣٤٥٦', 'resetpass1')$$) ->> 'code', 'invalid_input',
  'non-ASCII digits');
select is(test.api_error(format('select api.reset_password(%L, %L, %L)', 'bob@accounts.test', (select c from right_code), 'weak')) ->> 'code',
  'invalid_input', 'a new password under the rules');
reset role;
select is((select count(*)::int from data.auth_failure where kind = 'password_reset'), 2, 'the wrong codes were recorded');
select test.act_as('anon');
create temp table bob2 as select api.login('bob@accounts.test', 'goodpass1')::jsonb as a;
grant select on bob2 to public;
select is((select api.reset_password('BOB@accounts.test', c, 'resetpass1')::jsonb from right_code), '{"ok": true}',
  'the right code sets the new password');
reset role;
select is(array[pg_temp.check((select a ->> 'token' from bob)) ->> 'code', pg_temp.check((select a ->> 'token' from bob2)) ->> 'code'],
  array['session_revoked', 'session_revoked'], 'every session is revoked');
select is((select count(*)::int from data.session where user_id = pg_temp.uid('bob@accounts.test') and revoked_reason = 'password_reset'), 2,
  '... as password_reset');
select is((select count(*)::int from data.auth_failure where kind = 'password_reset'), 0, 'a success forgets the wrong codes');
select ok((select email_verified_at is not null from data.app_user where email = 'bob@accounts.test'), 'the code proved the email: verified');
select test.act_as('anon');
select is((select api.reset_password('bob@accounts.test', c, 'resetpass2')::jsonb ->> 'code' from right_code), 'invalid_code',
  'a used code: invalid_code');
select is(api.login('bob@accounts.test', 'resetpass1')::jsonb ->> 'role', 'player', 'the new password logs in');
reset role;
-- An expired code.
select test.act_as('anon');
select api.request_password_reset('bob@accounts.test');
reset role;
update data.account_code set expires_at = now() - interval '1 second' where user_id = pg_temp.uid('bob@accounts.test') and used_at is null;
select test.act_as('anon');
select is(api.reset_password('bob@accounts.test', pg_temp.mailed_code(pg_temp.uid('bob@accounts.test'), 'password_reset'), 'resetpass2')::jsonb ->> 'code',
  'invalid_code', 'an expired code: invalid_code');
-- Five wrong codes lock the reset for this email and close the code.
select api.request_password_reset('bob@accounts.test');
reset role;
delete from data.auth_failure;
create temp table good as select pg_temp.mailed_code(pg_temp.uid('bob@accounts.test'), 'password_reset') as c;
grant select on good to public;
select test.act_as('anon');
create temp table tries as
  select n, api.reset_password('bob@accounts.test', lpad(((c::int + n) % 1000000)::text, 6, '0'), 'resetpass2')::jsonb ->> 'code' as code
  from good, generate_series(1, 5) n;
grant select on tries to public;
select is((select array_agg(code order by n) from tries), array_fill('invalid_code'::text, array[5]), 'five wrong codes: invalid_code each');
select is(test.api_error(format('select api.reset_password(%L, %L, %L)', 'bob@accounts.test', (select c from good), 'resetpass2')) ->> 'code',
  'too_many_attempts', 'then the right code gets too_many_attempts');
select ok((test.api_error(format('select api.reset_password(%L, %L, %L)', 'bob@accounts.test', (select c from good), 'resetpass2'))
           -> 'headers' ->> 'Retry-After')::int between 1 and 1800, 'with Retry-After (at most 30 minutes)');
reset role;
select is((select outcome from data.account_code where user_id = pg_temp.uid('bob@accounts.test') order by id desc limit 1), 'too_many_attempts',
  'the fifth wrong code closed the code');
update data.auth_failure set at = at - interval '30 minutes 1 second';
select test.act_as('anon');
select is((select api.reset_password('bob@accounts.test', c, 'resetpass2')::jsonb ->> 'code' from good), 'invalid_code',
  'after the window the closed code stays dead');
-- An unknown email is answered exactly like a known one.
create temp table ghost as
  select n, api.reset_password('ghost@accounts.test', lpad(n::text, 6, '0'), 'resetpass2')::jsonb ->> 'code' as code from generate_series(1, 5) n;
grant select on ghost to public;
select is((select array_agg(code order by n) from ghost) || (test.api_error($$select api.reset_password('ghost@accounts.test', '000009', 'resetpass2')$$) ->> 'code'),
  array_fill('invalid_code'::text, array[5]) || 'too_many_attempts'::text, 'an unknown email: the same answers, the same lock');
reset role;
delete from data.auth_failure;
-- At most 5 codes an hour per account, silently (the answer never changes).
select test.act_as('anon');
select api.request_password_reset('bob@accounts.test') from generate_series(1, 4);
reset role;
select is((select count(*)::int from data.account_code where user_id = pg_temp.uid('bob@accounts.test') and purpose = 'password_reset'
           and created_at > now() - interval '1 hour'), 5, 'at most 5 reset codes an hour are sent');
-- A delivered code email forgets its code.
select internal.mark_notification_sent((internal.notification_to_send(id) ->> 'notification_id')::bigint)
from data.notification where kind = 'password_reset' and sent_at is null;
select is((select count(*)::int from data.notification where kind = 'password_reset' and payload ? 'code'), 0,
  'once delivered, the outbox row no longer holds the code');
select ok((select bool_and(payload ->> 'body' !~ '[0-9]{6}') from data.notification where kind = 'password_reset'), '... nor in its body');

-- Email verification ----------------------------------------------------------------
select pg_temp.act_with((select a ->> 'token' from ann3));
select is((api.request_email_verification()).ok, true, 'request_email_verification answers ok');
reset role;
select is((select payload ->> 'channel' from data.notification where kind = 'email_verification'), 'email', 'an email with the code is queued');
select ok((select code_hash like '$2_$%' from data.account_code where purpose = 'email_verification'), 'stored hashed');
-- Bob's code is no good for Ann, and a wrong code is recorded.
insert into data.account_code (user_id, purpose, code_hash, expires_at)
values (pg_temp.uid('bob@accounts.test'), 'email_verification', crypt('424242', gen_salt('bf', 4)), now() + interval '30 minutes');
select pg_temp.act_with((select a ->> 'token' from ann3));
select is(case when pg_temp.mailed_code(pg_temp.uid('ann@accounts.test'), 'email_verification') = '424242' then 'invalid_code'
               else api.verify_email('424242')::jsonb ->> 'code' end, 'invalid_code', 'another account''s code: invalid_code');
select is(test.api_error($$select api.verify_email('abc')$$) ->> 'code', 'invalid_input', 'a code that is not 6 digits');
select is(api.verify_email(pg_temp.mailed_code(pg_temp.uid('ann@accounts.test'), 'email_verification'))::jsonb, '{"email_verified": true}',
  'the right code verifies the email');
select is(row_to_json(api.me())::jsonb -> 'email_verified', 'true', 'me says so');
select is(api.verify_email(pg_temp.mailed_code(pg_temp.uid('ann@accounts.test'), 'email_verification'))::jsonb ->> 'code', 'invalid_code',
  'a used code: invalid_code');
select is((api.request_email_verification()).ok, true, 'asking again once verified answers ok');
reset role;
select is((select count(*)::int from data.notification where kind = 'email_verification'), 1, '... and sends nothing');
select test.act_as('anon');
create temp table bob4 as select api.login('bob@accounts.test', 'resetpass1')::jsonb as a;
grant select on bob4 to public;
reset role;
update data.app_user set email_verified_at = null where email = 'bob@accounts.test';
delete from data.account_code where user_id = pg_temp.uid('bob@accounts.test');
select pg_temp.act_with((select a ->> 'token' from bob4));
select api.request_email_verification() from generate_series(1, 5);
select is(test.api_error('select api.request_email_verification()') ->> 'code', 'too_many_attempts', 'a sixth code within the hour: too_many_attempts');
select ok((test.api_error('select api.request_email_verification()') -> 'headers' ->> 'Retry-After')::int between 1 and 3600, 'with Retry-After');
select is((select array_agg(api.verify_email('000000')::jsonb ->> 'code') from generate_series(1, 5)) ||
          (test.api_error($$select api.verify_email('000000')$$) ->> 'code'),
  array_fill('invalid_code'::text, array[5]) || 'too_many_attempts'::text, 'five wrong codes, then too_many_attempts');
reset role;
select ok(not has_function_privilege('anon', 'api.verify_email(text)', 'execute')
          and not has_function_privilege('anon', 'api.request_email_verification()', 'execute'), 'anon may not verify (401)');

-- delete_account -------------------------------------------------------------------
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000033a1', 'owner@accounts.test', crypt('goodpass1', gen_salt('bf', 4)), 'Owner', 'owner');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency, cancellation_window_minutes)
  overriding system value values (3301, '00000000-0000-0000-0000-0000000033a1', 'V', 'A', 'C', 40.4, -3.7, 'Europe/Madrid', 'EUR', 1440);
insert into data.court (id, venue_id, name, sport) overriding system value values (3311, 3301, 'C', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (3321, 3311, date_trunc('minute', now()) + interval '3 days', date_trunc('minute', now()) + interval '3 days 1 hour', 2500),
  (3322, 3311, date_trunc('minute', now()) + interval '2 hours', date_trunc('minute', now()) + interval '3 hours', 2000),
  (3323, 3311, date_trunc('minute', now()) + interval '5 days', date_trunc('minute', now()) + interval '5 days 1 hour', 1500);
update data.app_user set phone = '+34600999888', level = 5.0, stripe_customer_id = 'cus_ann', email_verified_at = now()
where email = 'ann@accounts.test';
select pg_temp.act_with((select a ->> 'token' from ann3));
create temp table h1 as select to_json(api.hold_slots(array[3321::bigint])) as a;
create temp table h2 as select to_json(api.hold_slots(array[3322::bigint])) as a;
grant select on h1, h2 to public;
reset role;
select internal.record_payment_intent((select (a ->> 'booking_id')::bigint from h1), 'pi_acc_1', 2500, 'EUR', 0, null, false);
select internal.confirm_booking_from_payment('pi_acc_1', 2500, 'EUR');
select internal.record_payment_intent((select (a ->> 'booking_id')::bigint from h2), 'pi_acc_2', 2000, 'EUR', 0, null, false);
select internal.confirm_booking_from_payment('pi_acc_2', 2000, 'EUR');
-- A booking already played (kept as it is).
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency, held_until, confirmed_at)
  overriding system value values (3331, pg_temp.uid('ann@accounts.test'), 3301, 'confirmed', 1800, 'EUR', now(), now() - interval '2 days');
insert into data.slot (id, court_id, start_at, end_at, price_cents, status) overriding system value values
  (3324, 3311, date_trunc('minute', now()) - interval '1 day', date_trunc('minute', now()) - interval '23 hours', 1800, 'booked');
insert into data.booking_slot (booking_id, slot_id, price_cents) values (3331, 3324, 1800);
select pg_temp.act_with((select a ->> 'token' from ann3));
create temp table h3 as select to_json(api.hold_slots(array[3323::bigint])) as a;  -- a pending hold
grant select on h3 to public;
select api.register_device('fcm-ann-3:' || repeat('C', 140), 'android');
create temp table wrong_del as select api.delete_account('notmypass1')::jsonb as a, current_setting('response.status', true) as status;
grant select on wrong_del to public;
select is((select a ->> 'code' || ' ' || status from wrong_del), 'invalid_credentials 401', 'a wrong password: invalid_credentials 401');
select is(test.api_error($$select api.delete_account(null)$$), null, 'no password: invalid_credentials too (answered, not raised)');
create temp table del as select api.delete_account('newpass22')::jsonb as a;
grant select on del to public;
reset role;
select is((select a from del), jsonb_build_object('deleted', true, 'cancelled_bookings', 3, 'refund_cents', 2500),
  'delete_account cancels the three future bookings: the one outside the window refunded in full, the one inside not, the hold released');
select is((select array_agg(status::text order by status::text) from data.booking where player_id = (select (a ->> 'user_id')::uuid from ann)),
  array['cancelled', 'cancelled', 'cancelled', 'confirmed'], 'the bookings stay; the one already played is untouched');
select is((select amount_cents || ' ' || status from data.refund where booking_id = (select (a ->> 'booking_id')::bigint from h1)),
  '2500 pending', 'the refund is queued for the worker, as cancel_booking would');
select is((select count(*)::int from data.refund where booking_id = (select (a ->> 'booking_id')::bigint from h2)), 0,
  'inside the cancellation window: no refund, as cancel_booking would');
select is((select count(*)::int from data.payment where stripe_payment_intent_id in ('pi_acc_1', 'pi_acc_2')), 2, 'the payments stay');
select is((select count(*)::int from data.booking_history where booking_id = (select (a ->> 'booking_id')::bigint from h1)), 3,
  'and the history (pending, confirmed, cancelled)');
select is((select count(*)::int from data.slot where id in (3321, 3322, 3323) and status = 'available'), 3, 'the slots are free again');
select is((select count(*)::int from data.notification where user_id = '00000000-0000-0000-0000-0000000033a1' and kind = 'booking_cancelled'), 2,
  'the venue is told of each confirmed booking cancelled');
select is((select row_to_json(x)::jsonb from (
  select email::text ~ '^deleted-[0-9a-f-]{36}@deleted\.invalid$' as placeholder, full_name, phone, password_hash !~ '^\$2' as no_hash,
         level, stripe_customer_id, email_verified_at, deleted_at is not null as deleted
  from data.app_user where id = (select (a ->> 'user_id')::uuid from ann)) x),
  '{"placeholder": true, "full_name": "Deleted account", "phone": null, "no_hash": true, "level": null, "stripe_customer_id": null, "email_verified_at": null, "deleted": true}',
  'exactly the personal columns are erased');
select results_eq($$select queue_name::text, args from procrastinate.procrastinate_jobs where task_name = 'delete_stripe_customer'$$,
  $$values ('payments', '{"customer_id": "cus_ann"}'::jsonb)$$,
  'the Stripe customer goes too: one delete_stripe_customer job, deferred by the deletion (none for the wrong password, none for accounts without a customer)');
select is((select count(*)::int from data.session where user_id = (select (a ->> 'user_id')::uuid from ann))
        + (select count(*)::int from data.device where user_id = (select (a ->> 'user_id')::uuid from ann))
        + (select count(*)::int from data.account_code where user_id = (select (a ->> 'user_id')::uuid from ann))
        + (select count(*)::int from data.notification where user_id = (select (a ->> 'user_id')::uuid from ann)), 0,
  'sessions, devices, codes and the person''s notifications are gone');
select is(pg_temp.check((select a ->> 'token' from ann3)) ->> 'code', 'session_revoked', 'the account''s tokens are refused');
select data.notify((select (a ->> 'user_id')::uuid from ann), 'refund_issued', (select (a ->> 'booking_id')::bigint from h1));
select is((select count(*)::int from data.notification where user_id = (select (a ->> 'user_id')::uuid from ann)), 0,
  'a refund message later is never queued for a deleted account');
select test.act_as('anon');
select is(api.login('ann@accounts.test', 'newpass22')::jsonb ->> 'code', 'invalid_credentials', 'the old login is gone');
select is((api.request_password_reset('ann@accounts.test')).ok, true, 'a reset for the deleted email answers ok');
reset role;
select is((select count(*)::int from data.account_code where user_id = (select (a ->> 'user_id')::uuid from ann)), 0, '... and sends nothing');
select test.act_as('anon');
select ok(to_jsonb(api.signup('ann@accounts.test', 'otherpass1', 'Ann again')) ? 'token', 'the email can sign up again');
reset role;
-- An owner with venues cannot delete the account.
select test.act_as('owner', '00000000-0000-0000-0000-0000000033a1');
select is(test.api_error($$select api.delete_account('goodpass1')$$) ->> 'code', 'has_venues', 'an owner with venues: has_venues');
select is((test.api_error($$select api.delete_account('goodpass1')$$) ->> 'status')::int, 409, '... 409');
reset role;
select is((select deleted_at from data.app_user where id = '00000000-0000-0000-0000-0000000033a1'), null, 'and the owner is untouched');
-- A staff member (role owner, no venues of their own) may delete the account; their place at the venue goes.
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000033a2', 'staff@accounts.test', crypt('goodpass1', gen_salt('bf', 4)), 'Staff', 'owner');
insert into data.venue_staff (venue_id, user_id, permissions) values (3301, '00000000-0000-0000-0000-0000000033a2', array['bookings']);
select test.act_as('owner', '00000000-0000-0000-0000-0000000033a2');
select is(api.delete_account('goodpass1')::jsonb ->> 'deleted', 'true', 'a staff member deletes their account');
reset role;
select is((select count(*)::int from data.venue_staff where user_id = '00000000-0000-0000-0000-0000000033a2'), 0,
  '... and is no longer staff of the venue');

-- A deleted account leaves the waitlist, and an offer in hand goes with it.
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value values
  (3325, 3311, date_trunc('minute', now()) + interval '4 days', date_trunc('minute', now()) + interval '4 days 1 hour', 1500);
select test.act_as('anon');
create temp table eve as select to_jsonb(api.signup('eve@accounts.test', 'goodpass1', 'Eve')) as a;
create temp table dee as select to_jsonb(api.signup('dee@accounts.test', 'goodpass1', 'Dee')) as a;
grant select on eve, dee to public;
reset role;
select pg_temp.act_with((select a ->> 'token' from eve));
create temp table eve_hold as select to_json(api.hold_slots(array[3325::bigint])) as a;
grant select on eve_hold to public;
reset role;
select pg_temp.act_with((select a ->> 'token' from dee));
select api.join_waitlist(court_id => 3311, "from" => date_trunc('minute', now()) + interval '4 days' - interval '1 hour',
                         "to" => date_trunc('minute', now()) + interval '4 days 2 hours');
select api.join_waitlist(court_id => 3311, "from" => date_trunc('minute', now()) + interval '6 days',
                         "to" => date_trunc('minute', now()) + interval '6 days 2 hours');
reset role;
select pg_temp.act_with((select a ->> 'token' from eve));
select api.release_hold((select (a ->> 'booking_id')::bigint from eve_hold));
reset role;
select is((select array_agg(status order by id) from data.waitlist_entry where player_id = (select (a ->> 'user_id')::uuid from dee)),
  array['offered', 'waiting'], 'the released slot is offered to the waiting player');
select pg_temp.act_with((select a ->> 'token' from dee));
select is(api.delete_account('goodpass1')::jsonb ->> 'cancelled_bookings', '1', 'deleting the account cancels the offer''s hold');
reset role;
select is((select count(*)::int from data.waitlist_entry where player_id = (select (a ->> 'user_id')::uuid from dee)
           and status in ('waiting', 'offered')), 0, 'the account is off every waitlist');
select is((select count(*)::int from data.booking where player_id = (select (a ->> 'user_id')::uuid from dee) and status = 'pending'), 0,
  'and holds nothing');
select is((select status::text from data.slot where id = 3325), 'available', 'the slot is free for anyone');

-- The devices logged in, and logging one out from another -------------------------
select test.act_as('anon');
create temp table cy as select to_jsonb(api.signup('cy@accounts.test', 'goodpass1', 'Cy')) as a;
create temp table cy2 as select api.login('cy@accounts.test', 'goodpass1')::jsonb as a;
grant select on cy, cy2 to public;
reset role;
create temp table bob_sid as select s.id from data.session s where s.user_id = pg_temp.uid('bob@accounts.test') limit 1;
grant select on bob_sid to public;
select pg_temp.act_with((select a ->> 'token' from cy));
select is((select array_agg(current order by current) from api.my_sessions()), array[false, true],
  'my_sessions lists both live sessions, this one marked current');
select is((select session_id::text from api.my_sessions() where current), (select pg_temp.claims(a ->> 'token') ->> 'sid' from cy),
  '... by its sid');
select is(test.api_error(format('select api.revoke_session(%L)', (select id from bob_sid)))
  ->> 'code', 'not_found', 'someone else''s session: not_found');
select is((api.revoke_session((select (pg_temp.claims(a ->> 'token') ->> 'sid')::uuid from cy2))).ok, true, 'revoke_session logs the other device out');
select is(test.api_error(format('select api.revoke_session(%L)', (select pg_temp.claims(a ->> 'token') ->> 'sid' from cy2))) ->> 'code',
  'not_found', 'an ended session: not_found');
select is(test.api_error('select api.revoke_session(null)') ->> 'code', 'invalid_input', 'no session id');
select is((select count(*)::int from api.my_sessions()), 1, 'one session left');
reset role;
select is(pg_temp.check((select a ->> 'token' from cy2)) ->> 'code', 'session_revoked', 'the revoked device''s token is refused');
select is(pg_temp.check((select a ->> 'token' from cy)), null, 'this one''s is not');
select ok(not has_function_privilege('anon', 'api.my_sessions()', 'execute'), 'anon may not list sessions (401)');

select * from finish();
rollback;
