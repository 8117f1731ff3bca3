-- Revert courtbook:player/unregister_device from pg

begin;
drop function api.unregister_device(text);
commit;
