-- Revert courtbook:admin/settings from pg

begin;
drop function api.set_commission(bigint, integer);
drop function api.set_platform_settings(integer, integer, integer);
commit;
