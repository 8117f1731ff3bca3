-- Verify courtbook:views/platform_settings to pg

begin;
select default_commission_bps, hold_minutes, slot_horizon_days from api.platform_settings where false;
select 1/has_table_privilege('anon', 'api.platform_settings', 'select')::int;
select 1/has_table_privilege('player', 'api.platform_settings', 'select')::int;
select 1/has_table_privilege('owner', 'api.platform_settings', 'select')::int;
select 1/has_table_privilege('admin', 'api.platform_settings', 'select')::int;
rollback;
