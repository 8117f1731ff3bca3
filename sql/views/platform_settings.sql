create or replace view api.platform_settings with (security_invoker = true) as
select s.default_commission_bps, s.hold_minutes, s.slot_horizon_days,
       s.access_token_minutes, s.split_deadline_minutes, s.venue_review_required,
       s.max_pending_holds, s.max_held_slots
from data.platform_settings s;
comment on view api.platform_settings is
'Platform-wide settings: default commission (bps), hold minutes, slot horizon (days), access token lifetime (minutes), split-payment deadline (minutes before the start), whether new venues need review, hold quotas per player';

grant select on api.platform_settings to anon, player, owner, admin;
