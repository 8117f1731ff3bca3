-- Support (issue 15): api.revoke_user_sessions, for admins only, ends every
-- session of a user (a stolen phone): each token gets session_revoked on its
-- next request, refresh tokens are refused, push devices go; other users keep
-- theirs; the user logs in again.
begin;
select plan(22);

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

insert into data.app_user (id, email, password_hash, full_name, role) values
  ('00000000-0000-0000-0000-0000000045ad', 'support@revoke.test', 'x', 'Support', 'admin'),
  ('00000000-0000-0000-0000-0000000045a1', 'owner@revoke.test', 'x', 'Owner', 'owner');
-- The player is logged in on a phone (with push) and a laptop; another player on hers.
select test.act_as('anon');
create temp table phone as select to_jsonb(api.signup('pia@revoke.test', 'goodpass1', 'Pia')) as a;
create temp table laptop as select api.login('pia@revoke.test', 'goodpass1')::jsonb as a;
create temp table other as select to_jsonb(api.signup('ola@revoke.test', 'goodpass1', 'Ola')) as a;
grant select on phone, laptop, other to public;
reset role;
select pg_temp.act_with((select a ->> 'token' from phone));
select api.register_device('fcm-pia-phone:APA91b' || repeat('Xy_-9', 30), 'android');
reset role;
select pg_temp.act_with((select a ->> 'token' from other));
select api.register_device('fcm-ola-phone:APA91b' || repeat('Ab_-7', 30), 'ios');
reset role;

-- Only admins.
select ok(has_function_privilege('admin', 'api.revoke_user_sessions(uuid)', 'execute')
          and not has_function_privilege('owner', 'api.revoke_user_sessions(uuid)', 'execute')
          and not has_function_privilege('player', 'api.revoke_user_sessions(uuid)', 'execute')
          and not has_function_privilege('anon', 'api.revoke_user_sessions(uuid)', 'execute'),
  'only admins may call revoke_user_sessions (as the other admin functions: 403 for the rest)');
select pg_temp.act_with((select a ->> 'token' from other));
select is(test.api_error(format('select api.revoke_user_sessions(%L)', (select a ->> 'user_id' from phone))) ->> 'sqlstate',
  '42501', 'a player: permission denied (PostgREST answers 403)');
reset role;
select test.act_as('owner', '00000000-0000-0000-0000-0000000045a1');
select is(test.api_error(format('select api.revoke_user_sessions(%L)', (select a ->> 'user_id' from phone))) ->> 'sqlstate',
  '42501', 'an owner: permission denied (403)');
reset role;
-- Inside, the admin check answers forbidden 403 for any other caller too (a
-- role that could execute it, with a player's claims).
select set_config('request.jwt.claims', jsonb_build_object('role', 'player', 'sub', (select a ->> 'user_id' from other))::text, true);
select is(test.api_error(format('select api.revoke_user_sessions(%L)', (select a ->> 'user_id' from phone))) - 'message' - 'details' - 'hint',
  jsonb_build_object('code', 'forbidden', 'status', 403, 'headers', '{}'::jsonb), '... and data.require_admin inside: forbidden 403');
select set_config('request.jwt.claims', '', true);
select is((select count(*)::int from data.session where user_id = (select (a ->> 'user_id')::uuid from phone) and revoked_at is null), 2,
  'nothing was revoked by the refused calls');

-- Bad input.
select test.act_as('admin', '00000000-0000-0000-0000-0000000045ad');
select is(test.api_error('select api.revoke_user_sessions(null)'),
  jsonb_build_object('code', 'invalid_input', 'message', 'user_id is required', 'details', null, 'hint', null,
                     'status', 400, 'headers', '{}'::jsonb), 'no user_id: invalid_input 400');
select is(test.api_error($$select api.revoke_user_sessions('00000000-0000-0000-0000-00000000dead')$$),
  jsonb_build_object('code', 'not_found', 'message', 'No such user', 'details', null, 'hint', null,
                     'status', 404, 'headers', '{}'::jsonb), 'an unknown user: not_found 404');

-- The admin ends Pia's sessions.
select is(to_jsonb(api.revoke_user_sessions((select (a ->> 'user_id')::uuid from phone))),
  jsonb_build_object('user_id', (select a ->> 'user_id' from phone), 'revoked', 2), 'both of Pia''s sessions: {user_id, revoked: 2}');
select is(to_jsonb(api.revoke_user_sessions((select (a ->> 'user_id')::uuid from phone))),
  jsonb_build_object('user_id', (select a ->> 'user_id' from phone), 'revoked', 0), 'again: revoked 0');
reset role;
select is((select array_agg(distinct revoked_reason) from data.session where user_id = (select (a ->> 'user_id')::uuid from phone)),
  array['revoked_by_admin'], 'the sessions say support ended them (revoked_by_admin)');
select is(pg_temp.check((select a ->> 'token' from phone)) ->> 'code', 'session_revoked', 'the phone''s token: session_revoked');
select is((pg_temp.check((select a ->> 'token' from laptop)) ->> 'status')::int, 401, 'the laptop''s token: 401 too');
select test.act_as('anon');
select is(test.api_error(format('select api.refresh_session(%L)', (select a ->> 'refresh_token' from phone))) ->> 'code',
  'session_revoked', 'the phone''s refresh token is refused (session_revoked)');
reset role;
select is((select count(*)::int from data.device where user_id = (select (a ->> 'user_id')::uuid from phone)), 0,
  'no push message reaches the phone: its device is unregistered');
select is((select tokens_valid_after is not null from data.app_user where id = (select (a ->> 'user_id')::uuid from phone)), true,
  'tokens from before sessions are cut off too');
-- A token from before sessions (no sid), issued before the revocation, is refused.
select is(pg_temp.check(data.sign_jwt(jsonb_build_object('role', 'player', 'sub', (select a ->> 'user_id' from phone),
                                                         'iat', extract(epoch from now())::bigint - 60,
                                                         'exp', extract(epoch from now())::bigint + 600))) ->> 'code',
  'session_revoked', 'a sid-less older token: session_revoked');

-- Others keep theirs; the admin's own session is untouched.
select is(pg_temp.check((select a ->> 'token' from other)), null, 'Ola''s token still acts');
select is((select count(*)::int from data.device where user_id = (select (a ->> 'user_id')::uuid from other)), 1,
  '... and her device stays');
select is((select count(*)::int from data.session where user_id = (select (a ->> 'user_id')::uuid from other) and revoked_at is null), 1,
  '... and her session');

-- Pia logs in again on her new phone.
select test.act_as('anon');
create temp table again as select api.login('pia@revoke.test', 'goodpass1')::jsonb as a;
grant select on again to public;
reset role;
select ok((select a ? 'token' from again), 'the user logs in again with her password');
select is(pg_temp.check((select a ->> 'token' from again)), null, '... and the new session acts');
select is((select count(*)::int from data.session where user_id = (select (a ->> 'user_id')::uuid from phone) and revoked_at is null), 1,
  '... the only live one');

select * from finish();
rollback;
