-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- check-then-act without row locks or a conditional UPDATE, and without the
-- unique index that backs invariant 1. The race tests must fail against it.
drop index data.booking_slot_one_active_per_slot;

drop function api.hold_slots(bigint[], text);
create function api.hold_slots(slot_ids bigint[], idempotency_key text default null)
returns api.hold
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
#variable_conflict use_column
declare
  uid uuid := data.require_user();
  bad bigint[];
  b_id bigint;
  v_until timestamptz := now() + interval '5 minutes';
begin
  select array_agg(s.id order by s.id) into bad from data.slot s
  where s.id = any(slot_ids) and not (s.status = 'available' or (s.status = 'held' and s.held_until < now()));
  if bad is not null then
    perform data.api_error('slot_unavailable', 'A slot is held, booked or blocked', 409, array_to_string(bad, ','));
  end if;
  insert into data.booking (player_id, venue_id, amount_cents, currency, held_until, idempotency_key)
  select uid, min(c.venue_id), sum(s.price_cents), 'EUR', v_until, hold_slots.idempotency_key
  from data.slot s join data.court c on c.id = s.court_id where s.id = any(slot_ids)
  returning id into b_id;
  update data.slot s set status = 'held', held_until = v_until, held_by = uid where s.id = any(slot_ids);
  insert into data.booking_slot (booking_id, slot_id, price_cents)
  select b_id, s.id, s.price_cents from data.slot s where s.id = any(slot_ids);
  return row(b_id, 'pending', v_until, 0, 'EUR', slot_ids, null)::api.hold;
end
$$;
grant execute on function api.hold_slots(bigint[], text) to player;
