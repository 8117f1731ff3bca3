-- Verify courtbook:tables/platform_settings to pg

begin;
select singleton, default_commission_bps, hold_minutes, slot_horizon_days, updated_at
from data.platform_settings where false;
-- row-level security must be on
select 1/relrowsecurity::int from pg_class where oid = 'data.platform_settings'::regclass;
rollback;
