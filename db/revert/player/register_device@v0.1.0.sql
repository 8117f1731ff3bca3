-- Revert courtbook:player/register_device from pg

begin;
drop function api.register_device(text, text);
commit;
