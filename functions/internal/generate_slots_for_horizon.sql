create function internal.generate_slots_for_horizon(days integer default null)
returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  horizon integer := coalesce(days, (select s.slot_horizon_days from data.platform_settings s), 30);
  c record;
  n integer := 0;
begin
  if horizon < 1 or horizon > 400 then
    perform data.api_error('invalid_input', 'days must be between 1 and 400', 400);
  end if;
  for c in
    select ct.id, (now() at time zone v.timezone)::date as today
    from data.court ct join data.venue v on v.id = ct.venue_id
    where exists (select from data.availability_rule r where r.court_id = ct.id)
    order by ct.id
  loop
    n := n + data.generate_court_slots(c.id, c.today, horizon);
  end loop;
  return n;
end
$$;
comment on function internal.generate_slots_for_horizon(integer) is
'Creates slots for every court from today (venue-local) for days (default platform_settings.slot_horizon_days); returns how many';

grant execute on function internal.generate_slots_for_horizon(integer) to worker_service;
