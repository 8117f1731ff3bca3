-- Auth in SQL: signup, login, me; their rules and error codes; the tokens.
begin;
select plan(25);

select test.act_as('anon');
select ok((select to_json(api.signup('Mia@Example.TEST', 'goodpass1', 'Mia')) ->> 'token') like 'eyJ%.%.%', 'signup returns a token');
select is((select to_json(api.signup('owen@example.test', 'goodpass1', 'Owen', 'owner')) ->> 'role'), 'owner', 'an owner can sign up');
select is(test.api_error($$select api.signup('mia@example.test', 'goodpass2', 'Mia again')$$) ->> 'code', 'email_taken',
  'emails are unique case-insensitively');
select is((test.api_error($$select api.signup('MIA@example.test', 'goodpass2', 'Mia again')$$) ->> 'status')::int, 409,
  'email_taken is a 409');
select is(test.api_error($$select api.signup('not-an-email', 'goodpass1', 'X')$$) ->> 'code', 'invalid_input', 'an ill-formed email');
select is(test.api_error($$select api.signup(null, 'goodpass1', 'X')$$) ->> 'code', 'invalid_input', 'a missing email');
select is(test.api_error($$select api.signup('x1@example.test', 'short1', 'X')$$) ->> 'code', 'invalid_input', 'a short password');
select is(test.api_error($$select api.signup('x2@example.test', 'onlyletters', 'X')$$) ->> 'code', 'invalid_input', 'a password without digits');
select is(test.api_error($$select api.signup('x3@example.test', '1234567890', 'X')$$) ->> 'code', 'invalid_input', 'a password without letters');
select is(test.api_error($$select api.signup('x4@example.test', 'goodpass1', '  ')$$) ->> 'code', 'invalid_input', 'a blank name');
select is(test.api_error($$select api.signup('x5@example.test', 'goodpass1', 'X', 'admin')$$) ->> 'code', 'invalid_input', 'admin cannot be chosen at signup');
select is(test.api_error($$select api.signup('x6@example.test', 'goodpass1', 'X', 'root')$$) ->> 'status', '400', 'an unknown role is a 400');
select is(test.api_error($$select api.signup('x7@example.test', 'goodpass1', 'X', phone => '600 000 000')$$) ->> 'code', 'invalid_input',
  'a phone number is E.164 or nothing');
select ok((select to_json(api.signup('sam@example.test', 'goodpass1', 'Sam', phone => '+34600000001')) ->> 'token') is not null,
  'a player may give a phone number for SMS');

select is((select api.login('MIA@example.test', 'goodpass1') ->> 'role'), 'player', 'login is case-insensitive on the email');
-- A wrong password is answered, not raised: its recorded failure must commit (per-account throttling).
select is((select api.login('mia@example.test', 'wrongpass1') ->> 'code'), 'invalid_credentials', 'a wrong password');
select is((select current_setting('response.status', true) from (select api.login('nobody@example.test', 'wrongpass1')) x), '401',
  'an unknown email is a 401 too');
select is((select api.login(null, null) ->> 'code'), 'invalid_credentials', 'no credentials');
select throws_ok('select api.me()', '42501', null, 'anon cannot call me (PostgREST answers 401)');
reset role;

-- The token carries the claims of API.md and is signed with the configured secret.
create temp table t as select api.login('mia@example.test', 'goodpass1') as answer;
select is(
  (select convert_from(decode(rpad(translate(split_part(answer ->> 'token', '.', 2), '-_', '+/'),
     4 * ceil(length(split_part(answer ->> 'token', '.', 2)) / 4.0)::int, '='), 'base64'), 'utf8')::jsonb ->> 'email' from t),
  'mia@example.test', 'the token carries the email');
select ok(
  (select data.base64url(hmac(split_part(answer ->> 'token', '.', 1) || '.' || split_part(answer ->> 'token', '.', 2),
     (select secret from data.signing_key), 'sha256')) = split_part(answer ->> 'token', '.', 3) from t),
  'the token is signed with HS256 and the configured secret');
select ok((select (answer ->> 'expires_at')::timestamptz > now() + interval '59 minutes' from t), 'the token expires in the future (access_token_minutes)');

select test.act_as('player', (select (answer ->> 'user_id')::uuid from t));
select is((select (api.me()).email), 'mia@example.test', 'me answers the caller');
reset role;
select test.act_as('player', (select id from data.app_user where email = 'sam@example.test'));
select is((select (api.me()).phone), '+34600000001', 'me answers the phone number too');
reset role;
select test.act_as('player', '00000000-0000-0000-0000-0000000000ff');
select is(test.api_error('select api.me()') ->> 'code', 'not_found', 'me with a token of no account');
reset role;

select * from finish();
rollback;
