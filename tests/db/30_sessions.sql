-- Sessions (issue 15): access tokens with sid, refresh rotation, reuse revokes,
-- logout, logout_everywhere, the pre-request check, devices with their session,
-- per-account login throttling.
begin;
select plan(43);

-- The claims of a token, and acting with them as PostgREST does.
create function pg_temp.claims(token text) returns jsonb language sql as $$
  select convert_from(decode(rpad(translate(split_part(token, '.', 2), '-_', '+/'),
    4 * ceil(length(split_part(token, '.', 2)) / 4.0)::int, '='), 'base64'), 'utf8')::jsonb
$$;
create function pg_temp.act_with(token text) returns void language sql as $$
  select set_config('request.jwt.claims', pg_temp.claims(token)::text, true);
  select set_config('role', pg_temp.claims(token) ->> 'role', true);
$$;
-- The pre-request check for a token: null when it may act, else the error.
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
grant execute on function pg_temp.claims(text), pg_temp.act_with(text), pg_temp.check(text) to public;

select test.act_as('anon');
create temp table s1 as select to_jsonb(api.signup('sam@sessions.test', 'goodpass1', 'Sam')) as a;
grant select on s1 to public;
reset role;
select ok((select a ? 'refresh_token' and length(a ->> 'refresh_token') >= 43 from s1),
  'signup returns a refresh token of at least 256 bits (43 base64url characters)');
select is((select pg_temp.claims(a ->> 'token') ->> 'sid' from s1),
  (select id::text from data.session where user_id = (select (a ->> 'user_id')::uuid from s1)),
  'the access token carries the session id as sid');
select is((select (pg_temp.claims(a ->> 'token') ->> 'exp')::bigint - (pg_temp.claims(a ->> 'token') ->> 'iat')::bigint from s1),
  60 * 60::bigint, 'access tokens live access_token_minutes (default 60)');
select ok((select s.refresh_hash = digest(a ->> 'refresh_token', 'sha256') and position((a ->> 'refresh_token') in encode(s.refresh_hash, 'escape')) = 0
           from s1, data.session s where s.user_id = (a ->> 'user_id')::uuid),
  'only the sha256 of the refresh token is stored');
update data.platform_settings set access_token_minutes = 15;
select test.act_as('anon');
create temp table s2 as select api.login('sam@sessions.test', 'goodpass1')::jsonb as a;
grant select on s2 to public;
reset role;
update data.platform_settings set access_token_minutes = 60;
select is((select (pg_temp.claims(a ->> 'token') ->> 'exp')::bigint - (pg_temp.claims(a ->> 'token') ->> 'iat')::bigint from s2),
  15 * 60::bigint, 'the lifetime follows the platform setting');
select is((select count(*)::int from data.session where user_id = (select (a ->> 'user_id')::uuid from s1)), 2,
  'each login is a session of its own');
select is(pg_temp.check((select a ->> 'token' from s1)), null, 'a live session''s token passes the pre-request check');

-- Refresh: rotation, single use, reuse revokes the session.
select test.act_as('anon');
create temp table r1 as select api.refresh_session((select a ->> 'refresh_token' from s1))::jsonb as a;
grant select on r1 to public;
reset role;
select ok((select a ? 'token' and a ? 'expires_at' and a ->> 'refresh_token' <> (select a ->> 'refresh_token' from s1) from r1),
  'refresh_session returns a new token pair');
select is((select pg_temp.claims(a ->> 'token') ->> 'sid' from r1), (select pg_temp.claims(a ->> 'token') ->> 'sid' from s1),
  'the refreshed token belongs to the same session');
select is((select rotation from data.session where id = (select (pg_temp.claims(a ->> 'token') ->> 'sid')::uuid from s1)), 1,
  'the rotation is counted');
select test.act_as('anon');
create temp table r2 as select api.refresh_session((select a ->> 'refresh_token' from r1))::jsonb as a;
grant select on r2 to public;
create temp table reuse as select api.refresh_session((select a ->> 'refresh_token' from s1))::jsonb as a,
  current_setting('response.status', true) as status;
grant select on reuse to public;
reset role;
select is((select a ->> 'code' from reuse), 'session_revoked', 'a spent refresh token is refused');
select is((select status from reuse), '401', '... with 401');
select is((select revoked_reason from data.session where id = (select (pg_temp.claims(a ->> 'token') ->> 'sid')::uuid from s1)),
  'refresh_reuse', 'reusing a spent refresh token revokes the whole session (theft detection)');
select is(pg_temp.check((select a ->> 'token' from r2)) ->> 'code', 'session_revoked',
  'the newest access token of that session is refused too');
select is((pg_temp.check((select a ->> 'token' from r2)) ->> 'status')::int, 401, 'session_revoked is a 401');
select ok(pg_temp.check((select a ->> 'token' from r2)) -> 'headers' ? 'WWW-Authenticate', 'with a WWW-Authenticate header');
select test.act_as('anon');
select is(test.api_error(format('select api.refresh_session(%L)', (select a ->> 'refresh_token' from r2))) ->> 'code', 'session_revoked',
  'the newest refresh token of a revoked session is refused');
select is(test.api_error($$select api.refresh_session('not-a-token')$$) ->> 'code', 'session_revoked', 'an unknown refresh token');
select is(test.api_error($$select api.refresh_session(null)$$) ->> 'code', 'invalid_input', 'no refresh token');
reset role;
select is(pg_temp.check((select a ->> 'token' from s2)), null, 'the other session lives on');
update data.session set refresh_expires_at = now() - interval '1 second' where id = (select (pg_temp.claims(a ->> 'token') ->> 'sid')::uuid from s2);
select test.act_as('anon');
select is(test.api_error(format('select api.refresh_session(%L)', (select a ->> 'refresh_token' from s2))) ->> 'code', 'session_revoked',
  'a refresh token past its 30 days is refused');
reset role;
update data.session set refresh_expires_at = now() + interval '30 days' where id = (select (pg_temp.claims(a ->> 'token') ->> 'sid')::uuid from s2);

-- Devices go with their session.
select pg_temp.act_with((select a ->> 'token' from s2));
select is(test.api_error($$select api.register_device('ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]', 'ios')$$) ->> 'code', 'invalid_input',
  'an Expo push token is refused');
select is(test.api_error(format('select api.register_device(%L, %L)', repeat('ab12', 16), 'ios')) ->> 'code', 'invalid_input',
  'a raw APNs token is refused');
select is(to_jsonb(api.register_device('fcm-instance-1:APA91b' || repeat('Xy_-9', 30), 'android')), '{"ok": true}', 'an FCM token is registered');
select is((select session_id::text from data.device where token like 'fcm-instance-1:%'), (select pg_temp.claims(a ->> 'token') ->> 'sid' from s2),
  'under the session that registered it');
select is(to_jsonb(api.register_device('fcm-instance-2:APA91b' || repeat('Xy_-9', 30), 'ios')), '{"ok": true}', 'a second device');
select is((api.unregister_device('fcm-instance-2:APA91b' || repeat('Xy_-9', 30))).ok, true, 'unregister_device answers ok');
select is((select count(*)::int from data.device where token like 'fcm-instance-2:%'), 0, 'and the device is gone');
select is((api.logout()).ok, true, 'logout answers ok');
reset role;
select is(pg_temp.check((select a ->> 'token' from s2)) ->> 'code', 'session_revoked', 'after logout the token is refused');
select is((select count(*)::int from data.device where token like 'fcm-instance-1:%'), 0, 'the session''s push device is unregistered');
select test.act_as('anon');
select is(test.api_error(format('select api.refresh_session(%L)', (select a ->> 'refresh_token' from s2))) ->> 'code', 'session_revoked',
  'and its refresh token too');

-- logout_everywhere, and tokens from before sessions (no sid).
create temp table s3 as select api.login('sam@sessions.test', 'goodpass1')::jsonb as a;
grant select on s3 to public;
create temp table s4 as select api.login('sam@sessions.test', 'goodpass1')::jsonb as a;
grant select on s4 to public;
reset role;
select test.act_as('player', (select (a ->> 'user_id')::uuid from s1));
select set_config('request.jwt.claims', jsonb_build_object('role', 'player', 'sub', (select a ->> 'user_id' from s1),
  'iat', extract(epoch from now() - interval '1 minute')::bigint)::text, true);
select is(test.api_error('select api.check_session()'), null, 'a token without sid (issued before 0.2) is honoured');
reset role;
select pg_temp.act_with((select a ->> 'token' from s3));
select is(row_to_json(api.logout_everywhere())::jsonb, '{"ok": true, "sessions": 2}', 'logout_everywhere ends both live sessions');
reset role;
select is(pg_temp.check((select a ->> 'token' from s4)) ->> 'code', 'session_revoked', 'the other session''s token is refused');
select test.act_as('player', (select (a ->> 'user_id')::uuid from s1));
select set_config('request.jwt.claims', jsonb_build_object('role', 'player', 'sub', (select a ->> 'user_id' from s1),
  'iat', extract(epoch from now() - interval '1 minute')::bigint)::text, true);
select is(test.api_error('select api.check_session()') ->> 'code', 'session_revoked', 'and so is an older token without sid');
reset role;
select test.act_as('anon');
select is(test.api_error('select api.check_session()'), null, 'anonymous requests pass the check');
reset role;

-- Per-account login throttling: 5 wrong passwords within 15 minutes.
select test.act_as('anon');
create temp table tries as
  select n, api.login('sam@sessions.test', 'wrongpass' || n)::jsonb ->> 'code' as code from generate_series(1, 5) n;
grant select on tries to public;
create temp table ghost as
  select n, api.login('ghost@sessions.test', 'wrongpass' || n)::jsonb ->> 'code' as code from generate_series(1, 5) n;
grant select on ghost to public;
select is((select array_agg(code order by n) from tries), array_fill('invalid_credentials'::text, array[5]),
  'five wrong passwords: invalid_credentials each time');
select is(test.api_error($$select api.login('sam@sessions.test', 'goodpass1')$$) ->> 'code', 'too_many_attempts',
  'then even the right password gets too_many_attempts');
select ok((test.api_error($$select api.login('Sam@Sessions.test', 'wrongpass9')$$) -> 'headers' ->> 'Retry-After')::int between 1 and 900,
  'with Retry-After in seconds (at most 15 minutes)');
select is((select array_agg(code order by n) from ghost) || (test.api_error($$select api.login('ghost@sessions.test', 'x1234567')$$) ->> 'code'),
  array_fill('invalid_credentials'::text, array[5]) || 'too_many_attempts'::text,
  'an unknown email answers exactly the same (no enumeration)');
reset role;
-- The window passes: the oldest failures are older than 15 minutes.
update data.auth_failure set at = at - interval '15 minutes 1 second';
select test.act_as('anon');
select is(api.login('sam@sessions.test', 'goodpass1')::jsonb ->> 'role', 'player', 'after the window the right password works');
reset role;
select is((select count(*)::int from data.auth_failure where key = data.throttle_key('sam@sessions.test')), 0,
  'a success outside a locked window forgets the failures');

select * from finish();
rollback;
