-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- a lapsed hold is not free for the next hold (no lazy expiry).
do $$
begin
  execute replace(pg_get_functiondef('api.hold_slots(bigint[], text)'::regprocedure),
                  $q$(s.status = 'available' or (s.status = 'held' and s.held_until < now()))$q$,
                  $q$s.status = 'available'$q$);
end
$$;
