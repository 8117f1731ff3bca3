create function api.set_commission(venue_id bigint, commission_bps integer default null)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_admin();
begin
  if venue_id is null then
    perform data.api_error('invalid_input', 'venue_id is required', 400);
  end if;
  if commission_bps is not null and commission_bps not between 0 and 10000 then
    perform data.api_error('invalid_input', 'commission_bps must be in 0..10000 (null: platform default)', 400);
  end if;
  update data.venue v set commission_bps = set_commission.commission_bps, updated_at = now()
  where v.id = set_commission.venue_id;
  if not found then
    perform data.api_error('not_found', 'No such venue', 404);
  end if;
  return json_build_object('venue_id', set_commission.venue_id,
                           'commission_bps', set_commission.commission_bps,
                           'effective_commission_bps', data.effective_commission_bps(set_commission.venue_id));
end
$$;
comment on function api.set_commission(bigint, integer) is
'Admin: sets a venue''s commission in basis points (null: the platform default). {venue_id, commission_bps, effective_commission_bps}';
grant execute on function api.set_commission(bigint, integer) to admin;

create function api.set_platform_settings(
  default_commission_bps integer default null,
  hold_minutes integer default null,
  slot_horizon_days integer default null
) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_admin();
  s data.platform_settings;
begin
  if set_platform_settings.default_commission_bps is not null
     and set_platform_settings.default_commission_bps not between 0 and 10000 then
    perform data.api_error('invalid_input', 'default_commission_bps must be in 0..10000', 400);
  end if;
  if set_platform_settings.hold_minutes is not null and set_platform_settings.hold_minutes not between 5 and 8 then
    perform data.api_error('invalid_input', 'hold_minutes must be in 5..8', 400);
  end if;
  if set_platform_settings.slot_horizon_days is not null
     and set_platform_settings.slot_horizon_days not between 1 and 400 then
    perform data.api_error('invalid_input', 'slot_horizon_days must be in 1..400', 400);
  end if;
  update data.platform_settings t set
    default_commission_bps = coalesce(set_platform_settings.default_commission_bps, t.default_commission_bps),
    hold_minutes = coalesce(set_platform_settings.hold_minutes, t.hold_minutes),
    slot_horizon_days = coalesce(set_platform_settings.slot_horizon_days, t.slot_horizon_days),
    updated_at = now()
  returning t.* into s;
  return json_build_object('default_commission_bps', s.default_commission_bps, 'hold_minutes', s.hold_minutes,
                           'slot_horizon_days', s.slot_horizon_days, 'updated_at', s.updated_at);
end
$$;
comment on function api.set_platform_settings(integer, integer, integer) is
'Admin: changes the default commission (bps), hold minutes (5-8) and slot horizon (days); null keeps a value. Returns the settings';
grant execute on function api.set_platform_settings(integer, integer, integer) to admin;
