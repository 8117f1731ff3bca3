-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- hold_slots inserts the booking without ON CONFLICT, so two parallel calls with
-- the same key fail on the unique constraint instead of returning one booking.
do $$
begin
  execute replace(pg_get_functiondef('api.hold_slots(bigint[], text)'::regprocedure),
                  'on conflict (player_id, idempotency_key) do nothing', '');
end
$$;
