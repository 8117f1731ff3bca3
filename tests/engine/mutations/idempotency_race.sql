-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- the hold inserts the booking without ON CONFLICT, so two parallel calls with
-- the same key fail on the unique constraint instead of returning one booking.
-- The hold's body is data.hold_slots_for (api.hold_slots only calls it); a
-- mutation whose text is not there any more fails loudly instead of testing nothing.
do $$
declare
  def text := pg_get_functiondef('data.hold_slots_for(uuid, bigint[], text)'::regprocedure);
  cut text := 'on conflict (player_id, idempotency_key) do nothing';
begin
  if position(cut in def) = 0 then
    raise exception 'mutation idempotency_race: "%" is not in data.hold_slots_for', cut;
  end if;
  execute replace(def, cut, '');
end
$$;
