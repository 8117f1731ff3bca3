-- Verify courtbook:auth/sign_jwt to pg

begin;
select 'data.sign_jwt(jsonb)'::regprocedure, 'data.issue_token(uuid, text, data.user_role)'::regprocedure,
       'data.access_token(uuid, text, data.user_role, uuid)'::regprocedure, 'data.refresh_hash(text)'::regprocedure;
select 1/(data.base64url('\xfbff'::bytea) = '-_8')::int;
-- the signing definer is executable by no API or service role
select 1/(not has_function_privilege('anon', 'data.sign_jwt(jsonb)', 'execute'))::int;
rollback;
