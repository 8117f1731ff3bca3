-- Revert courtbook:views/platform_settings from pg

begin;
drop view api.platform_settings;
commit;
