-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- the hold (data.take_slots, shared with owner_book) and block_slots lock with a
-- plain FOR UPDATE instead of SKIP LOCKED, so a racer queues behind an open
-- transaction instead of answering at once. A mutation whose text is not there
-- any more fails loudly instead of testing nothing.
do $$
declare
  fn regprocedure;
begin
  foreach fn in array array[
    'data.take_slots(bigint, bigint[], data.slot_status, timestamptz, uuid)'::regprocedure,
    'api.block_slots(bigint[], bigint, timestamptz, timestamptz, text)'::regprocedure]
  loop
    if position('for update skip locked' in pg_get_functiondef(fn)) = 0 then
      raise exception 'mutation hold_waits_for_locks: no SKIP LOCKED in %', fn;
    end if;
    execute replace(pg_get_functiondef(fn), 'for update skip locked', 'for update');
  end loop;
end
$$;
