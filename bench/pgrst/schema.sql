-- Benchmark fixture: a hold function doing a conditional UPDATE of one pre-created slot row,
-- and a STABLE read function. Roles are cluster-wide, created idempotently.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgrst_bench_authenticator') THEN
    CREATE ROLE pgrst_bench_authenticator LOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgrst_bench_anon') THEN
    CREATE ROLE pgrst_bench_anon NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgrst_bench_player') THEN
    CREATE ROLE pgrst_bench_player NOLOGIN;
  END IF;
END $$;
GRANT pgrst_bench_anon, pgrst_bench_player TO pgrst_bench_authenticator;

CREATE SCHEMA api;
GRANT USAGE ON SCHEMA api TO pgrst_bench_anon, pgrst_bench_player;

CREATE TABLE api.slot (
  id bigint PRIMARY KEY,
  court_id int NOT NULL,
  start_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'available',
  held_by text,
  held_until timestamptz
);
GRANT SELECT, UPDATE ON api.slot TO pgrst_bench_player;
GRANT SELECT ON api.slot TO pgrst_bench_anon;

CREATE FUNCTION api.hold_slots(slot_ids bigint[], idempotency_key text DEFAULT NULL)
RETURNS json LANGUAGE plpgsql VOLATILE AS $$
DECLARE n int;
BEGIN
  UPDATE api.slot SET status = 'held',
         held_by = current_setting('request.jwt.claims', true)::json->>'sub',
         held_until = now() + interval '5 minutes'
   WHERE id = ANY(slot_ids) AND (status = 'available' OR held_until < now());
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n <> cardinality(slot_ids) THEN
    RAISE SQLSTATE 'PGRST' USING
      MESSAGE = json_build_object('code', 'slot_unavailable',
                                  'message', 'One or more slots are not available',
                                  'details', array_to_string(slot_ids, ','))::text,
      DETAIL = '{"status":409,"headers":{}}';
  END IF;
  RETURN json_build_object('status', 'pending', 'slot_ids', slot_ids);
END $$;

CREATE INDEX slot_court_avail ON api.slot (court_id, start_at, id) WHERE status = 'available';

CREATE FUNCTION api.available_slots(court int, lim int DEFAULT 20)
RETURNS TABLE (slot_id bigint, court_id int, start_at timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT id, court_id, start_at FROM api.slot
   WHERE court_id = court AND status = 'available'
   ORDER BY start_at, id LIMIT lim
$$;
