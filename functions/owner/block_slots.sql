-- 0.2: both answer named types (their shapes, commented, are in the catalog), no
-- longer json; a new return type needs the 0.1 functions gone first.
drop function api.block_slots(bigint[], bigint, timestamptz, timestamptz, text);
drop function api.unblock_slots(bigint[], bigint, timestamptz, timestamptz);

create type api.block_answer as (blocked integer, skipped bigint[]);
comment on type api.block_answer is 'The answer of block_slots';
comment on column api.block_answer.blocked is 'How many slots this call blocked';
comment on column api.block_answer.skipped is 'The selected slots left as they were: held or booked, or locked by a concurrent transaction (ascending ids)';

create type api.unblock_answer as (unblocked integer);
comment on type api.unblock_answer is 'The answer of unblock_slots';
comment on column api.unblock_answer.unblocked is 'How many blocked slots this call made available again';

-- Blocking takes only available slots; held (even a lapsed hold, which the
-- worker or the next hold cleans up) and booked slots are skipped and reported.
-- Rows are locked like hold_slots does (id order, SKIP LOCKED): a block racing a
-- hold on one slot never waits, exactly one of them wins, and a slot locked by a
-- concurrent transaction is reported as skipped.
create function api.block_slots(
  slot_ids bigint[] default null,
  court_id bigint default null,
  "from" timestamptz default null,
  "to" timestamptz default null,
  reason text default null
) returns api.block_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  ids bigint[];
  why text := data.clean_text(reason, 'reason', 500, false);
  blocked bigint[];
  already bigint[];
begin
  ids := data.staff_slot_selection(slot_ids, court_id, block_slots."from", block_slots."to");
  with locked as (
    select s.id, s.status as old_status from data.slot s
    where s.id = any(ids) order by s.id for update skip locked
  ), upd as (
    update data.slot s set status = 'blocked', blocked_reason = why
    from locked l
    where s.id = l.id and s.status = 'available'
    returning s.id
  )
  select (select coalesce(array_agg(u.id order by u.id), '{}') from upd u),
         (select coalesce(array_agg(l.id order by l.id), '{}') from locked l where l.old_status = 'blocked')
  into blocked, already;
  return row(cardinality(blocked),
             array(select x from unnest(ids) x
                   where x <> all(blocked) and x <> all(already) order by x))::api.block_answer;
end
$$;
comment on function api.block_slots(bigint[], bigint, timestamptz, timestamptz, text) is
'Blocks slots of the caller''s venues, by slot_ids or by court_id with from/to. Held and booked slots are skipped and reported. {blocked: n, skipped: [ids]}';
grant execute on function api.block_slots(bigint[], bigint, timestamptz, timestamptz, text) to owner, admin;

create function api.unblock_slots(
  slot_ids bigint[] default null,
  court_id bigint default null,
  "from" timestamptz default null,
  "to" timestamptz default null
) returns api.unblock_answer
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  ids bigint[];
  n integer;
begin
  ids := data.staff_slot_selection(slot_ids, court_id, unblock_slots."from", unblock_slots."to");
  with locked as (
    select s.id from data.slot s
    where s.id = any(ids) and s.status = 'blocked' order by s.id for update
  )
  update data.slot s set status = 'available', blocked_reason = null
  from locked l where s.id = l.id and s.status = 'blocked';
  get diagnostics n = row_count;
  return row(n)::api.unblock_answer;
end
$$;
comment on function api.unblock_slots(bigint[], bigint, timestamptz, timestamptz) is
'Makes blocked slots of the caller''s venues available again, by slot_ids or by court_id with from/to. {unblocked: n}';
grant execute on function api.unblock_slots(bigint[], bigint, timestamptz, timestamptz) to owner, admin;
