-- Revert courtbook:auth/sign_jwt from pg: back to its @v0.1.0 version

begin;
drop function data.issue_token(uuid, text, data.user_role);
drop function data.refresh_hash(text);
drop function data.new_refresh_token();
drop function data.access_token(uuid, text, data.user_role, uuid);
drop function data.access_token_minutes();
drop function data.sign_jwt(jsonb);
drop function data.base64url(bytea);
\ir ../../../functions/auth/sign_jwt@v0.1.0.sql
commit;
