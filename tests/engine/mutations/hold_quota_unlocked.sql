-- A deliberately broken engine (never deployed; see tests/engine/conftest.py):
-- the hold quota counts without serialising the player's holds, so holds racing
-- at the same instant all see room and the player ends up over the quota.
do $$
begin
  execute replace(pg_get_functiondef('data.assert_hold_quota(uuid, integer, text)'::regprocedure),
                  'perform pg_advisory_xact_lock(hashtext(''hold_quota''), hashtext(assert_hold_quota.player_id::text));', '');
end
$$;
