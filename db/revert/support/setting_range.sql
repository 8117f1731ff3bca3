-- Revert courtbook:support/setting_range from pg

begin;
drop function data.check_setting_range(text, integer, integer, integer);
commit;
