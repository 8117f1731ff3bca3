-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- the hold quota serialises a player's holds by locking the player's app_user
-- row FOR UPDATE instead of an advisory lock. Another player's hold that takes
-- over this player's lapsed slot writes a notification for them (a foreign key
-- check: FOR KEY SHARE on that row) and has to wait: invariant 3 broken.
do $$
begin
  execute replace(pg_get_functiondef('data.assert_hold_quota(uuid, integer, text)'::regprocedure),
                  'perform pg_advisory_xact_lock(hashtext(''hold_quota''), hashtext(assert_hold_quota.player_id::text));',
                  'perform 1 from data.app_user u where u.id = assert_hold_quota.player_id for update;');
end
$$;
