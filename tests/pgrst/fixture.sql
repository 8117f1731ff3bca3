-- Fixture schema for the pgrst / PostgREST compatibility suite.
-- Load into an empty database as a superuser:  psql "$DB" -v ON_ERROR_STOP=1 -f fixture.sql
-- Roles are cluster-wide and created idempotently, all prefixed pgrst_test_.
-- PostgREST/pgrst connect as pgrst_test_authenticator, anon role pgrst_test_anon,
-- exposed schemas "api,v2", pre-request api.pre_check.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgrst_test_authenticator') THEN
    CREATE ROLE pgrst_test_authenticator LOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgrst_test_anon') THEN
    CREATE ROLE pgrst_test_anon NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgrst_test_user') THEN
    CREATE ROLE pgrst_test_user NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pgrst_test_other') THEN
    CREATE ROLE pgrst_test_other NOLOGIN;
  END IF;
END $$;
GRANT pgrst_test_anon, pgrst_test_user, pgrst_test_other TO pgrst_test_authenticator;

CREATE SCHEMA api;
CREATE SCHEMA v2;
COMMENT ON SCHEMA api IS 'pgrst test API
Fixture for the compatibility suite.';
GRANT USAGE ON SCHEMA api, v2 TO pgrst_test_anon, pgrst_test_user, pgrst_test_other;

-- a per-database role setting (ALTER ROLE ... IN DATABASE ... SET)
DO $$ BEGIN
  EXECUTE format('ALTER ROLE pgrst_test_user IN DATABASE %I SET pgrst_test.flavor = %L',
                 current_database(), 'mint');
END $$;

CREATE TABLE api.items (
  id serial PRIMARY KEY,
  name text NOT NULL,
  price numeric(10,2),
  tags text[] NOT NULL DEFAULT '{}',
  data jsonb,
  active boolean,
  created_at timestamptz NOT NULL DEFAULT '2024-01-01 00:00:00+00'
);
COMMENT ON TABLE api.items IS 'Things for sale';
INSERT INTO api.items (name, price, tags, data, active, created_at) VALUES
  ('apple',  1.50, '{fruit,red}',   '{"color":"red","size":{"w":3},"list":[1,2,3]}', true,  '2024-01-01 10:00+00'),
  ('banana', 0.25, '{fruit}',       '{"color":"yellow","size":{"w":2},"list":[4]}', true,  '2024-01-02 10:00+00'),
  ('carrot', 0.10, '{vegetable}',   '{"color":"orange"}',                          false, '2024-01-03 10:00+00'),
  ('durian', 9.99, '{fruit,smelly}', NULL,                                         NULL,  '2024-01-04 10:00+00'),
  ('egg, "large"', NULL, '{}',       NULL,                                         true,  '2024-01-05 10:00+00');

CREATE VIEW api.item_names AS SELECT id, name FROM api.items;

CREATE TABLE api.people (
  id int PRIMARY KEY,
  name text NOT NULL UNIQUE,
  team text
);
INSERT INTO api.people VALUES (1, 'ann', 'red'), (2, 'bob', 'blue');

CREATE TABLE api.scratch (
  id serial PRIMARY KEY,
  label text,
  qty int CHECK (qty IS NULL OR qty >= 0)
);

CREATE TABLE api.slots (
  id bigint PRIMARY KEY,
  status text NOT NULL DEFAULT 'available',
  held_by text
);
INSERT INTO api.slots (id) SELECT g FROM generate_series(1, 20) g;

CREATE TABLE api.secrets (id int PRIMARY KEY, secret text);
INSERT INTO api.secrets VALUES (1, 'xyzzy');

CREATE TABLE v2.things (id int PRIMARY KEY, label text);
INSERT INTO v2.things VALUES (1, 'v2 thing');

CREATE TABLE api.counter (id int PRIMARY KEY, n int NOT NULL);
INSERT INTO api.counter VALUES (1, 0);

GRANT SELECT ON api.items, api.item_names, api.people, api.slots TO pgrst_test_anon;
GRANT SELECT, INSERT, UPDATE, DELETE ON api.items, api.item_names, api.people, api.scratch,
  api.slots, api.counter TO pgrst_test_user;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA api TO pgrst_test_user;
GRANT SELECT ON v2.things TO pgrst_test_anon, pgrst_test_user;
-- api.secrets: no grants at all -> 42501

-- ---------------------------------------------------------------- functions
CREATE FUNCTION api.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION api.hello() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'hello' $$;
CREATE FUNCTION api.greet(name text, greeting text DEFAULT 'hi') RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT greeting || ' ' || name $$;
CREATE FUNCTION api.null_scalar() RETURNS int LANGUAGE sql STABLE AS $$ SELECT NULL::int $$;
CREATE FUNCTION api.echo_json(j jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT j $$;
CREATE FUNCTION api.sum_array(xs bigint[]) RETURNS bigint LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(sum(x), 0)::bigint FROM unnest(xs) x $$;
CREATE FUNCTION api.numbers(n int) RETURNS SETOF int LANGUAGE sql STABLE
  AS $$ SELECT generate_series(1, n) $$;
CREATE FUNCTION api.get_items(min_price numeric DEFAULT 0) RETURNS SETOF api.items
  LANGUAGE sql STABLE AS $$ SELECT * FROM api.items WHERE coalesce(price, 0) >= min_price ORDER BY id $$;
CREATE FUNCTION api.one_item(item_id int) RETURNS api.items LANGUAGE sql STABLE
  AS $$ SELECT * FROM api.items WHERE id = item_id $$;
CREATE FUNCTION api.item_stats() RETURNS TABLE (n bigint, total numeric) LANGUAGE sql STABLE
  AS $$ SELECT count(*), sum(price) FROM api.items $$;
CREATE FUNCTION api.out_params(x int, OUT doubled int, OUT squared int) LANGUAGE sql IMMUTABLE
  AS $$ SELECT x * 2, x * x $$;
CREATE FUNCTION api.do_nothing() RETURNS void LANGUAGE sql VOLATILE AS $$ SELECT $$;
CREATE FUNCTION api.bump() RETURNS int LANGUAGE sql VOLATILE
  AS $$ UPDATE api.counter SET n = n + 1 WHERE id = 1 RETURNING n $$;
CREATE FUNCTION api.bump_stable() RETURNS int LANGUAGE plpgsql STABLE
  AS $$ BEGIN RETURN (SELECT n FROM api.counter WHERE id = 1); END $$;
CREATE FUNCTION api.overloaded(a int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'int' $$;
CREATE FUNCTION api.overloaded(a text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'text' $$;
CREATE FUNCTION api.overloaded(a int, b int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'two' $$;
CREATE FUNCTION api.single_json(json) RETURNS json LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;
CREATE FUNCTION api.variadic_join(VARIADIC parts text[]) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT array_to_string(parts, '-') $$;
CREATE FUNCTION api.whoami() RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'role', current_user,
    'claims', current_setting('request.jwt.claims', true)::json,
    'method', current_setting('request.method', true),
    'path', current_setting('request.path', true),
    'headers', current_setting('request.headers', true)::json,
    'cookies', current_setting('request.cookies', true)::json,
    'search_path', current_setting('search_path'),
    'flavor', current_setting('pgrst_test.flavor', true),
    'read_only', current_setting('transaction_read_only'),
    'timezone', current_setting('timezone'),
    'app_greeting', current_setting('app.settings.greeting', true))
$$;
CREATE FUNCTION api.whoami_post() RETURNS json LANGUAGE sql VOLATILE AS $$
  SELECT api.whoami()
$$;
CREATE FUNCTION api.members_only() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'welcome' $$;
REVOKE EXECUTE ON FUNCTION api.members_only() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.members_only() TO pgrst_test_user;
CREATE FUNCTION api.read_secret() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT secret FROM api.secrets LIMIT 1 $$;

CREATE FUNCTION api.raise_domain() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE SQLSTATE 'PGRST' USING
    MESSAGE = '{"code":"slot_unavailable","message":"One or more slots are not available","details":"101,102"}',
    DETAIL = '{"status":409,"headers":{}}';
END $$;
CREATE FUNCTION api.raise_with_headers() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE SQLSTATE 'PGRST' USING
    MESSAGE = '{"code":"hold_expired","message":"Hold lapsed","hint":"Book again"}',
    DETAIL = '{"status":410,"status_text":"Gone Away","headers":{"X-Retry":"never"}}';
END $$;
CREATE FUNCTION api.raise_array_details() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE SQLSTATE 'PGRST' USING
    MESSAGE = '{"code":"slot_unavailable","message":"nope","details":[101,102]}',
    DETAIL = '{"status":409,"headers":{}}';
END $$;
CREATE FUNCTION api.raise_no_headers() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE SQLSTATE 'PGRST' USING
    MESSAGE = '{"code":"x","message":"y"}',
    DETAIL = '{"status":409}';
END $$;
CREATE FUNCTION api.raise_no_detail() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE SQLSTATE 'PGRST' USING MESSAGE = '{"code":"x","message":"y"}';
END $$;
CREATE FUNCTION api.raise_plain() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'plain failure' USING DETAIL = 'some detail', HINT = 'some hint';
END $$;
CREATE FUNCTION api.raise_pt() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE SQLSTATE 'PT402' USING MESSAGE = 'Payment Required';
END $$;
CREATE FUNCTION api.raise_sqlstate(code text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE SQLSTATE '00000' USING MESSAGE = 'never';
EXCEPTION WHEN OTHERS THEN
  EXECUTE format('DO $x$ BEGIN RAISE SQLSTATE %L USING MESSAGE = %L; END $x$', code, 'raised ' || code);
END $$;
CREATE FUNCTION api.set_response() RETURNS json LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('response.status', '202', true);
  PERFORM set_config('response.headers', '[{"X-Custom":"yes"},{"Set-Cookie":"a=1"},{"Set-Cookie":"b=2"}]', true);
  RETURN '{"ok":true}';
END $$;
CREATE FUNCTION api.bad_response_status() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('response.status', 'abc', true);
  RETURN 1;
END $$;
CREATE FUNCTION api.bad_response_headers() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('response.headers', '{"X-A":"b"}', true);
  RETURN 1;
END $$;
CREATE FUNCTION api.hold_slot(slot_id bigint, holder text DEFAULT 'someone') RETURNS json
LANGUAGE plpgsql VOLATILE AS $$
DECLARE got bigint;
BEGIN
  UPDATE api.slots SET status = 'held', held_by = holder
   WHERE id = slot_id AND status = 'available'
  RETURNING id INTO got;
  IF got IS NULL THEN
    RAISE SQLSTATE 'PGRST' USING
      MESSAGE = json_build_object('code', 'slot_unavailable', 'message', 'Slot is not available',
                                  'details', slot_id::text)::text,
      DETAIL = '{"status":409,"headers":{}}';
  END IF;
  RETURN json_build_object('slot_id', got, 'status', 'held');
END $$;
CREATE FUNCTION api.pre_check() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('request.headers', true)::json->>'x-block' = 'yes' THEN
    RAISE SQLSTATE 'PGRST' USING
      MESSAGE = '{"code":"blocked","message":"Blocked by pre-request"}',
      DETAIL = '{"status":403,"headers":{"X-Blocked":"1"}}';
  END IF;
  PERFORM set_config('pgrst_test.pre_ran', 'yes', true);
END $$;
CREATE FUNCTION api.pre_ran() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT current_setting('pgrst_test.pre_ran', true) $$;
CREATE FUNCTION v2.version() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'v2' $$;

-- Resource embedding (PostgREST docs, references/api/resource_embedding.rst): the film
-- database of the docs, its base tables in a schema that is not exposed and served through
-- views (relationships inferred from the base tables' foreign keys), a chain of views, and the
-- docs' orders/addresses tables with two foreign keys between them (PGRST201).
CREATE SCHEMA films_private;
CREATE TABLE films_private.directors (id int PRIMARY KEY, first_name text, last_name text);
CREATE TABLE films_private.films (
  id int PRIMARY KEY,
  director_id int REFERENCES films_private.directors (id),
  title text,
  year int,
  language text
);
CREATE TABLE films_private.technical_specs (
  film_id int PRIMARY KEY REFERENCES films_private.films (id),
  camera text
);
INSERT INTO films_private.directors VALUES
  (1, 'William', 'Dickson'), (2, 'Louis', 'Lumière'), (3, 'Georges', 'Méliès');
INSERT INTO films_private.films VALUES
  (1, 2, 'Workers Leaving The Lumière Factory In Lyon', 1895, 'french'),
  (2, 1, 'The Dickson Experimental Sound Film', 1894, 'english'),
  (3, 3, 'The Haunted Castle', 1896, 'french'),
  (4, NULL, 'An Anonymous Reel', 1897, NULL),
  (5, 2, 'The Sprinkler Sprinkled', 1895, 'french');
INSERT INTO films_private.technical_specs VALUES (1, 'Cinématographe'), (3, 'Star Film');
CREATE VIEW api.directors AS SELECT d.id, d.first_name, d.last_name FROM films_private.directors d;
CREATE VIEW api.films AS
  SELECT f.id, f.director_id, f.title, f.year, f.language FROM films_private.films f;
CREATE VIEW api.technical_specs AS SELECT t.film_id, t.camera FROM films_private.technical_specs t;
-- a view over a view, renaming the foreign key column
CREATE VIEW api.film_titles AS SELECT id, title, director_id AS dir FROM api.films;
CREATE FUNCTION api.getallfilms() RETURNS SETOF api.films LANGUAGE sql STABLE
  AS $$ SELECT * FROM api.films $$;
CREATE TABLE api.addresses (id int PRIMARY KEY, name text);
CREATE TABLE api.orders (
  id int PRIMARY KEY,
  name text,
  billing_address_id int,
  shipping_address_id int,
  CONSTRAINT billing FOREIGN KEY (billing_address_id) REFERENCES api.addresses (id),
  CONSTRAINT shipping FOREIGN KEY (shipping_address_id) REFERENCES api.addresses (id)
);
INSERT INTO api.addresses VALUES
  (1, '32 Glenlake Dr.Dearborn, MI 48124'), (2, '30 Glenlake Dr.Dearborn, MI 48124');
INSERT INTO api.orders VALUES (1, 'Personal Water Filter', 1, 2), (2, 'Coffee Machine', 1, 1);
GRANT SELECT ON api.directors, api.films, api.technical_specs, api.film_titles, api.addresses,
  api.orders TO pgrst_test_anon, pgrst_test_user;
GRANT EXECUTE ON FUNCTION api.getallfilms() TO pgrst_test_anon, pgrst_test_user;
GRANT INSERT ON api.orders TO pgrst_test_user;
