-- One PostgREST-style request: a transaction that switches role and sets the JWT
-- claims locally, then calls api.hold_slots. Every transaction is a player of its own
-- (a global sequence over pre-created players: the hold caps allow a player two
-- pending holds, and a refused hold is not what this measures) holding a slot nobody
-- else asked for (a global sequence over pre-created slots).
begin;
select set_config('role', 'player', true),
       set_config('request.jwt.claims',
                  '{"role":"player","sub":"00000000-0000-0000-0000-' || lpad(nextval('bench.player_seq')::text, 12, '0') || '"}', true);
select api.hold_slots(array[nextval('bench.slot_seq')]);
commit;
