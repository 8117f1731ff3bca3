-- Verify courtbook:auth/sign_jwt to pg

begin;
select 'data.sign_jwt(jsonb)'::regprocedure, 'data.issue_token(uuid, text, data.user_role)'::regprocedure;
select 1/(data.base64url('\xfbff'::bytea) = '-_8')::int;
rollback;
