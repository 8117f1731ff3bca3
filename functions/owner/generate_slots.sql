-- 0.2: the answer is a named type (its shape, commented, is in the catalog), no
-- longer json; a new return type needs the old function gone first.
drop function api.generate_slots(bigint, bigint, date, integer);

create type api.generation_answer as (created integer);
comment on type api.generation_answer is 'The answer of generate_slots';
comment on column api.generation_answer.created is 'How many slots this call created (existing slots are never touched: 0 on a repeat)';

create function api.generate_slots(
  venue_id bigint default null,
  court_id bigint default null,
  from_date date default null,
  days integer default 30
) returns api.generation_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  v data.venue;
  c data.court;
  start_date date;
  ct bigint;
  n integer := 0;
begin
  if (generate_slots.venue_id is null) = (generate_slots.court_id is null) then
    perform data.api_error('invalid_input', 'give exactly one of venue_id and court_id', 400);
  end if;
  if days is null or days not between 1 and 400 then
    perform data.api_error('invalid_input', 'days must be between 1 and 400', 400);
  end if;
  if generate_slots.court_id is not null then
    c := data.court_for_permission(generate_slots.court_id, 'schedule');
    select * into v from data.venue t where t.id = c.venue_id;
  else
    v := data.venue_for_permission(generate_slots.venue_id, 'schedule');
  end if;
  -- today in the venue's zone
  start_date := coalesce(from_date, (now() at time zone v.timezone)::date);
  if start_date < (now() at time zone v.timezone)::date - 1
     or start_date > (now() at time zone v.timezone)::date + 400 then
    perform data.api_error('invalid_input', 'from_date must be within 400 days from today', 400);
  end if;
  -- Quota (issue 16): at most 50,000 slots per call, counted before generating.
  perform data.assert_slot_generation_quota(v.id, generate_slots.court_id, start_date, days);
  for ct in
    select t.id from data.court t
    where t.venue_id = v.id and (generate_slots.court_id is null or t.id = generate_slots.court_id)
    order by t.id
  loop
    n := n + data.generate_court_slots(ct, start_date, days);
  end loop;
  return row(n)::api.generation_answer;
end
$$;
comment on function api.generate_slots(bigint, bigint, date, integer) is
'Creates the slots of a venue''s (or one court''s) rules for days (at most 400) local days from from_date (default: today in the venue''s zone). Idempotent; never touches existing slots; DST-correct. {created: n}';
grant execute on function api.generate_slots(bigint, bigint, date, integer) to owner, admin;
