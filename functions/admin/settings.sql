-- 0.2: the answer is a named type (PostgREST's OpenAPI description shows it), no
-- longer json; a new return type needs the old function gone first.
drop function api.set_commission(bigint, integer);

create type api.commission_answer as (venue_id bigint, commission_bps integer, effective_commission_bps integer);
comment on type api.commission_answer is 'The answer of set_commission';
comment on column api.commission_answer.venue_id is 'The venue';
comment on column api.commission_answer.commission_bps is 'The venue''s own commission in basis points; null: the platform default applies';
comment on column api.commission_answer.effective_commission_bps is 'The commission charged now: the venue''s, else the platform default';

create function api.set_commission(venue_id bigint, commission_bps integer default null)
returns api.commission_answer
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
  return row(set_commission.venue_id, set_commission.commission_bps,
             data.effective_commission_bps(set_commission.venue_id))::api.commission_answer;
end
$$;
comment on function api.set_commission(bigint, integer) is
'Admin: sets a venue''s commission in basis points (null: the platform default). {venue_id, commission_bps, effective_commission_bps}';
grant execute on function api.set_commission(bigint, integer) to admin;

-- 0.2: the new settings. The old signature goes first: a new argument list is a new function.
drop function if exists api.set_platform_settings(integer, integer, integer);

create function api.set_platform_settings(
  default_commission_bps integer default null,
  hold_minutes integer default null,
  slot_horizon_days integer default null,
  access_token_minutes integer default null,
  split_deadline_minutes integer default null,
  venue_review_required boolean default null,
  max_pending_holds integer default null,
  max_held_slots integer default null
) returns api.platform_settings
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_admin();
  result api.platform_settings;
begin
  perform data.check_setting_range('default_commission_bps', set_platform_settings.default_commission_bps, 0, 10000);
  perform data.check_setting_range('hold_minutes', set_platform_settings.hold_minutes, 5, 8);
  perform data.check_setting_range('slot_horizon_days', set_platform_settings.slot_horizon_days, 1, 400);
  perform data.check_setting_range('access_token_minutes', set_platform_settings.access_token_minutes, 5, 1440);
  perform data.check_setting_range('split_deadline_minutes', set_platform_settings.split_deadline_minutes, 15, 10080);
  perform data.check_setting_range('max_pending_holds', set_platform_settings.max_pending_holds, 1, 20);
  perform data.check_setting_range('max_held_slots', set_platform_settings.max_held_slots, 1, 48);
  update data.platform_settings t set
    default_commission_bps = coalesce(set_platform_settings.default_commission_bps, t.default_commission_bps),
    hold_minutes = coalesce(set_platform_settings.hold_minutes, t.hold_minutes),
    slot_horizon_days = coalesce(set_platform_settings.slot_horizon_days, t.slot_horizon_days),
    access_token_minutes = coalesce(set_platform_settings.access_token_minutes, t.access_token_minutes),
    split_deadline_minutes = coalesce(set_platform_settings.split_deadline_minutes, t.split_deadline_minutes),
    venue_review_required = coalesce(set_platform_settings.venue_review_required, t.venue_review_required),
    max_pending_holds = coalesce(set_platform_settings.max_pending_holds, t.max_pending_holds),
    max_held_slots = coalesce(set_platform_settings.max_held_slots, t.max_held_slots),
    updated_at = now();
  select * into result from api.platform_settings;
  return result;
end
$$;
comment on function api.set_platform_settings(integer, integer, integer, integer, integer, boolean, integer, integer) is
'Admin: changes platform settings (default commission in bps 0-10000, hold minutes 5-8, slot horizon days 1-400, access token minutes 5-1440, split deadline minutes 15-10080, venue review required, max pending holds 1-20, max held slots 1-48); null keeps a value. Returns the settings as api.platform_settings shows them';
grant execute on function api.set_platform_settings(integer, integer, integer, integer, integer, boolean, integer, integer) to admin;
