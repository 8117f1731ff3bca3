-- Revert courtbook:tables/platform_settings from pg

begin;
drop table data.platform_settings;
commit;
