-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- a lapsed hold is not free for the next hold (no lazy expiry). The slot-taking
-- UPDATE is data.take_slots (the hold's and owner_book's); a mutation whose text
-- is not there any more fails loudly instead of testing nothing.
do $$
declare
  def text := pg_get_functiondef(
    'data.take_slots(bigint, bigint[], data.slot_status, timestamptz, uuid)'::regprocedure);
  cut text := $q$(s.status = 'available' or (s.status = 'held' and s.held_until < now()))$q$;
begin
  if position(cut in def) = 0 then
    raise exception 'mutation no_lazy_expiry: the lapsed-hold condition is not in data.take_slots';
  end if;
  execute replace(def, cut, $q$s.status = 'available'$q$);
end
$$;
