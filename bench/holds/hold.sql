-- One PostgREST-style request: a transaction that switches role and sets the JWT
-- claims locally, then calls api.hold_slots. Each client is its own player
-- (sub = 00000000-0000-0000-0000-<client_id>) and every transaction holds a slot
-- nobody else asked for (a global sequence over pre-created slots).
begin;
select set_config('role', 'player', true),
       set_config('request.jwt.claims',
                  '{"role":"player","sub":"00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0') || '"}', true);
select api.hold_slots(array[nextval('bench.slot_seq')]);
commit;
