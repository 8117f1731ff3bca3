-- Tiered cancellation policies (issue 20 item 4). A policy is a list of tiers
-- [{min_minutes_before, refund_percent}]: a player who cancels MORE than
-- min_minutes_before minutes before the booking's first slot starts gets the
-- refund_percent of the highest such tier back; later than the last (smallest)
-- tier, nothing ("48 h before: full refund; 24 h: half; later: nothing" is
-- [{2880, 100}, {1440, 50}]). "More than", as the single window always was: a
-- cancellation before start - min_minutes_before (free_cancellation_until for a
-- 100 % tier) gets the tier.
--
-- The rules of a policy (data.cancellation_policy_problem, one place): a JSON
-- list of 1 to 10 objects with exactly the keys min_minutes_before (integer,
-- 0..43200, distinct) and refund_percent (integer, 0..100), and a tier nearer
-- the start never refunds more than one further from it. Stored sorted by
-- min_minutes_before, largest first (the domain refuses any other order; the
-- API sorts what it is given, data.checked_cancellation_policy).
--
-- The venue's policy (data.venue.cancellation_policy) replaces the single
-- window: every venue's window became one 100 % tier at it. The window column
-- stays and keeps answering for the apps of 0.1, derived by a trigger: the
-- smallest min_minutes_before of the 100 % tiers (full refund before it), null
-- when no tier refunds in full. Writing the window alone (update_venue's
-- cancellation_window_minutes, 0.1's only way) sets the policy to one 100 %
-- tier at it, as 0.1 meant; writing the policy sets the window.
--
-- A booking keeps the policy of the moment it was held (data.booking
-- .cancellation_policy, set by a trigger on insert from its venue, with the
-- window derived from it): an owner's later change never takes a player's
-- refund away. A booking made before policies existed has none; its recorded
-- window, else its venue's current policy, is its policy
-- (data.booking_cancellation_policy).

-- The rules, as the reason a value is not a policy (null: it is one).
create function data.cancellation_policy_problem(tiers jsonb) returns text
language plpgsql immutable
set search_path = pg_catalog
as $$
declare
  tier jsonb;
  key text;
  n integer;
begin
  if tiers is null or jsonb_typeof(tiers) = 'null' then
    return 'tiers is required: a JSON list of {min_minutes_before, refund_percent}';
  end if;
  if jsonb_typeof(tiers) <> 'array' then
    return 'tiers must be a JSON list of {min_minutes_before, refund_percent}';
  end if;
  n := jsonb_array_length(tiers);
  if n = 0 then
    return 'tiers must have at least one tier';
  end if;
  if n > 10 then
    return 'a cancellation policy has at most 10 tiers';
  end if;
  for tier in select t.value from jsonb_array_elements(tiers) t loop
    if jsonb_typeof(tier) <> 'object' then
      return 'each tier must be an object {min_minutes_before, refund_percent}';
    end if;
    select k into key from jsonb_object_keys(tier) k
    where k not in ('min_minutes_before', 'refund_percent') order by k limit 1;
    if key is not null then
      return format('unknown tier field %s (a tier has min_minutes_before and refund_percent)', key);
    end if;
    if not (tier ? 'min_minutes_before' and tier ? 'refund_percent') then
      return 'each tier needs min_minutes_before and refund_percent';
    end if;
    if jsonb_typeof(tier -> 'min_minutes_before') <> 'number'
       or (tier ->> 'min_minutes_before')::numeric <> trunc((tier ->> 'min_minutes_before')::numeric)
       or (tier ->> 'min_minutes_before')::numeric not between 0 and 43200 then
      return 'min_minutes_before must be an integer in 0..43200 (30 days)';
    end if;
    if jsonb_typeof(tier -> 'refund_percent') <> 'number'
       or (tier ->> 'refund_percent')::numeric <> trunc((tier ->> 'refund_percent')::numeric)
       or (tier ->> 'refund_percent')::numeric not between 0 and 100 then
      return 'refund_percent must be an integer in 0..100';
    end if;
  end loop;
  if (select count(distinct (t.value ->> 'min_minutes_before')::numeric) from jsonb_array_elements(tiers) t) <> n then
    return 'each tier needs its own min_minutes_before (two tiers have the same)';
  end if;
  if exists (
    select from (
      select (t.value ->> 'refund_percent')::numeric as pct,
             lag((t.value ->> 'refund_percent')::numeric)
               over (order by (t.value ->> 'min_minutes_before')::numeric desc) as further_pct
      from jsonb_array_elements(tiers) t) s
    where s.pct > s.further_pct) then
    return 'a tier nearer the start may not refund more than a tier further from it';
  end if;
  return null;
end
$$;
comment on function data.cancellation_policy_problem(jsonb) is
'Why a value is not a cancellation policy (a list of 1 to 10 {min_minutes_before 0..43200 distinct, refund_percent 0..100} objects, refunds never growing nearer the start), or null when it is one';

-- The stored form: each tier's two integers, largest min_minutes_before first.
create function data.sorted_cancellation_policy(tiers jsonb) returns jsonb
language sql immutable
set search_path = pg_catalog
as $$
  select jsonb_agg(jsonb_build_object('min_minutes_before', (t.value ->> 'min_minutes_before')::numeric::integer,
                                      'refund_percent', (t.value ->> 'refund_percent')::numeric::integer)
                   order by (t.value ->> 'min_minutes_before')::numeric desc)
  from jsonb_array_elements(tiers) t
$$;
comment on function data.sorted_cancellation_policy(jsonb) is
'A valid policy in its stored form: {min_minutes_before, refund_percent} integers, largest min_minutes_before first';

create domain data.cancellation_policy as jsonb
  constraint cancellation_policy_valid check (
    value is null
    or data.cancellation_policy_problem(value) is null and value = data.sorted_cancellation_policy(value));
comment on domain data.cancellation_policy is
'A cancellation policy: tiers [{min_minutes_before, refund_percent}] sorted by min_minutes_before, largest first (data.cancellation_policy_problem has the rules)';

-- An API argument as a policy, or invalid_input saying what is wrong.
create function data.checked_cancellation_policy(tiers json) returns data.cancellation_policy
language plpgsql immutable
set search_path = pg_catalog
as $$
declare
  problem text := data.cancellation_policy_problem(tiers::jsonb);
begin
  if problem is not null then
    -- format() never yields null: every api_error call site passes a message that
    -- cannot be null (tests/api/test_api_error_form.py reads them all).
    perform data.api_error('invalid_input', format('%s', problem), 400);
  end if;
  return data.sorted_cancellation_policy(tiers::jsonb);
end
$$;
comment on function data.checked_cancellation_policy(json) is
'An API argument as data.cancellation_policy (sorted), else invalid_input with the broken rule';

-- The policy that a single window meant: a full refund more than `minutes`
-- before the start, nothing later (no window at all: nothing, ever).
create function data.window_cancellation_policy(minutes integer) returns data.cancellation_policy
language sql immutable
set search_path = pg_catalog
as $$
  select case when minutes is null then '[{"min_minutes_before": 0, "refund_percent": 0}]'::jsonb
              else jsonb_build_array(jsonb_build_object('min_minutes_before', minutes, 'refund_percent', 100))
         end::data.cancellation_policy
$$;
comment on function data.window_cancellation_policy(integer) is
'The one-tier policy of a 0.1 cancellation window: 100 % more than `minutes` before the start (null: a policy refunding nothing)';

-- The window a policy still answers as: full refund before start - it.
create function data.cancellation_policy_window(policy jsonb) returns integer
language sql immutable
set search_path = pg_catalog
as $$
  select min((t.value ->> 'min_minutes_before')::integer)
  from jsonb_array_elements(policy) t
  where (t.value ->> 'refund_percent')::integer = 100
$$;
comment on function data.cancellation_policy_window(jsonb) is
'The cancellation window a policy answers as (0.1''s cancellation_window_minutes): the smallest min_minutes_before of its 100 % tiers, null when no tier refunds in full';

-- The refund percent a policy gives a cancellation at `at` of a booking whose
-- first slot starts at `first_start`.
create function data.cancellation_refund_percent(policy jsonb, first_start timestamptz, at timestamptz)
returns integer
language sql immutable
set search_path = pg_catalog
as $$
  select coalesce((
    select (t.value ->> 'refund_percent')::integer
    from jsonb_array_elements(policy) t
    where at < first_start - make_interval(mins => (t.value ->> 'min_minutes_before')::integer)
    order by (t.value ->> 'min_minutes_before')::integer desc
    limit 1), 0)
$$;
comment on function data.cancellation_refund_percent(jsonb, timestamptz, timestamptz) is
'The refund_percent of the highest tier whose min_minutes_before lies more than that many minutes before first_start at `at`; 0 after the last tier';

-- percent % of an amount in cents, rounded half up to the cent (integer arithmetic).
create function data.percent_of_cents(amount_cents integer, percent integer) returns integer
language sql immutable
set search_path = pg_catalog
as $$
  select ((amount_cents::bigint * percent + 50) / 100)::integer
$$;
comment on function data.percent_of_cents(integer, integer) is
'percent % of a non-negative amount in cents, rounded half up to the cent (50 % of 1001 = 501)';

-- The venue: the policy column, every existing venue's window as one 100 % tier.
alter table data.venue add column cancellation_policy data.cancellation_policy;
update data.venue set cancellation_policy = data.window_cancellation_policy(cancellation_window_minutes);
alter table data.venue alter column cancellation_policy set not null;
-- A policy without a 100 % tier has no window.
alter table data.venue alter column cancellation_window_minutes drop not null;
comment on column data.venue.cancellation_policy is
'The venue''s cancellation policy: tiers [{min_minutes_before, refund_percent}], largest first (api.set_cancellation_policy); a booking keeps the one of the moment it was held';
comment on column data.venue.cancellation_window_minutes is
'Derived from cancellation_policy (0.1''s single window, still answered): the smallest min_minutes_before of its 100 % tiers, null when none; setting it alone sets the policy to one 100 % tier at it';

create function data.venue_cancellation_policy_sync() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  if tg_op = 'INSERT' then
    if new.cancellation_policy is null then
      new.cancellation_policy := data.window_cancellation_policy(new.cancellation_window_minutes);
    end if;
  elsif new.cancellation_policy is not distinct from old.cancellation_policy
        and new.cancellation_window_minutes is distinct from old.cancellation_window_minutes then
    -- The window alone: 0.1's meaning, one 100 % tier.
    new.cancellation_policy := data.window_cancellation_policy(new.cancellation_window_minutes);
  end if;
  new.cancellation_window_minutes := data.cancellation_policy_window(new.cancellation_policy);
  return new;
end
$$;
comment on function data.venue_cancellation_policy_sync() is
'Keeps data.venue''s window derived from its policy (a window written alone becomes a one-tier policy)';
create trigger venue_cancellation_policy_sync
  before insert or update of cancellation_window_minutes, cancellation_policy on data.venue
  for each row execute function data.venue_cancellation_policy_sync();

-- The booking: the policy of the moment it was held.
alter table data.booking add column cancellation_policy data.cancellation_policy;
comment on column data.booking.cancellation_policy is
'The venue''s cancellation policy when the booking was made (null: made before policies, see data.booking_cancellation_policy); cancellation_window_minutes is derived from it';

create function data.booking_cancellation_policy_snapshot() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
  select v.cancellation_policy into new.cancellation_policy from data.venue v where v.id = new.venue_id;
  new.cancellation_window_minutes := data.cancellation_policy_window(new.cancellation_policy);
  return new;
end
$$;
comment on function data.booking_cancellation_policy_snapshot() is
'A new booking keeps its venue''s current cancellation policy (and the window derived from it)';
create trigger booking_cancellation_policy_snapshot
  before insert on data.booking
  for each row when (new.cancellation_policy is null)
  execute function data.booking_cancellation_policy_snapshot();

-- A booking's policy: its own; one made before policies, its recorded window's;
-- one without either, its venue's current policy.
create function data.booking_cancellation_policy(b data.booking) returns jsonb
language sql stable
set search_path = pg_catalog
as $$
  select coalesce(b.cancellation_policy::jsonb,
                  case when b.cancellation_window_minutes is not null
                       then data.window_cancellation_policy(b.cancellation_window_minutes)::jsonb end,
                  (select v.cancellation_policy::jsonb from data.venue v where v.id = b.venue_id))
$$;
comment on function data.booking_cancellation_policy(data.booking) is
'The cancellation policy a booking is cancelled under: its snapshot, else its 0.1 window as one 100 % tier, else its venue''s current policy';

grant select (cancellation_policy) on data.venue to anon, player;
grant execute on function data.booking_cancellation_policy(data.booking), data.cancellation_policy_window(jsonb),
  data.window_cancellation_policy(integer), data.cancellation_policy_problem(jsonb),
  data.sorted_cancellation_policy(jsonb)
  to anon, player, owner, admin;
