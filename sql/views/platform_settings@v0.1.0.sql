create view api.platform_settings with (security_invoker = true) as
select s.default_commission_bps, s.hold_minutes, s.slot_horizon_days
from data.platform_settings s;
comment on view api.platform_settings is 'Platform-wide settings: default commission (bps), hold minutes, slot horizon (days)';

grant select on api.platform_settings to anon, player, owner, admin;
