-- Verify courtbook:views/platform_settings to pg

begin;
select default_commission_bps, hold_minutes, slot_horizon_days, access_token_minutes, split_deadline_minutes,
       venue_review_required, max_pending_holds, max_held_slots
from api.platform_settings where false;
select 1/has_table_privilege('anon', 'api.platform_settings', 'select')::int;
select 1/has_table_privilege('admin', 'api.platform_settings', 'select')::int;
rollback;
