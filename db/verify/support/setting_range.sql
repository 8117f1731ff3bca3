-- Verify courtbook:support/setting_range on pg

begin;
select 'data.check_setting_range(text, integer, integer, integer)'::regprocedure;
rollback;
