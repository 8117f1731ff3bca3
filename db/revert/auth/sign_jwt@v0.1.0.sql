-- Revert courtbook:auth/sign_jwt from pg

begin;
drop function data.issue_token(uuid, text, data.user_role);
drop function data.sign_jwt(jsonb);
drop function data.base64url(bytea);
commit;
