-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- hold_slots and block_slots lock with a plain FOR UPDATE instead of SKIP LOCKED,
-- so a racer queues behind an open transaction instead of answering at once.
do $$
begin
  execute replace(pg_get_functiondef('api.hold_slots(bigint[], text)'::regprocedure),
                  'for update skip locked', 'for update');
  execute replace(pg_get_functiondef('api.block_slots(bigint[], bigint, timestamptz, timestamptz, text)'::regprocedure),
                  'for update skip locked', 'for update');
end
$$;
