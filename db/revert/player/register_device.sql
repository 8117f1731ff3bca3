-- Revert courtbook:player/register_device from pg: back to its @v0.1.0 version

begin;
drop function api.register_device(text, text);
drop function data.is_fcm_token(text);
\ir ../../../functions/player/register_device@v0.1.0.sql
commit;
