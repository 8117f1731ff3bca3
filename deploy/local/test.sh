#!/usr/bin/env bash
# `make test`: set-up, then every test on a throwaway PostgreSQL cluster of its
# own (never the demo data), on ports that do not clash with `make run`.
# Leaves nothing running behind it.
source "$(dirname "$0")/lib.sh"

"$ROOT/deploy/local/setup.sh"
# The test cluster's port is the one setting read before the others are cleared
# (.env.example lists it, so the loop below would unset it: every engineer's
# COURTBOOK_TEST_PG_PORT fell back to 54339 and their runs shared one cluster).
port="${COURTBOOK_TEST_PG_PORT:-54339}"
# Tests are hermetic: none of the stack's settings (.env or the caller's shell)
# leak into them; they get a fixed test secret and pick free ports themselves.
for var in $(grep -oE '^#? ?[A-Z][A-Z0-9_]*=' "$ROOT/.env.example" | tr -d '#= '); do
  unset "$var"
done
export JWT_SECRET="local-dev-secret-change-me-0123456789abcdef"

dir="$RUN_DIR/test-pg"
"$ROOT/deploy/local/pg.sh" destroy "$dir" "$port" || true
# Durability is worthless for a throwaway cluster; speed is not.
PG_EXTRA_CONF=$'fsync = off\nsynchronous_commit = off\nfull_page_writes = off' \
  "$ROOT/deploy/local/pg.sh" start "$dir" "$port"
trap '"$ROOT/deploy/local/pg.sh" stop "$dir" "$port"' EXIT

log "lint (ruff)"
python_dirs=(pgrst webhook worker demo bench tests postgrest_compat service_common db/bin/check-released)
(cd "$ROOT" && "$VENV/bin/ruff" check "${python_dirs[@]}" && "$VENV/bin/ruff" format --check "${python_dirs[@]}")

log "released sqitch changes are unchanged (db/bin/check-released)"
"$VENV/bin/python" "$ROOT/db/bin/check-released"

export COURTBOOK_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
export COURTBOOK_TEST_TEMPLATE=courtbook_template
base="postgresql://postgres@127.0.0.1:$port"

log "deploying the sqitch plan into the template database"
"$ROOT/deploy/local/db.sh" "$base/$COURTBOOK_TEST_TEMPLATE"

log "pgTAP (tests/db)"
psql -X -q -v ON_ERROR_STOP=1 "$base/postgres" <<SQL
create database courtbook_pgtap template $COURTBOOK_TEST_TEMPLATE;
SQL
psql -X -q -v ON_ERROR_STOP=1 "$base/courtbook_pgtap" -f "$ROOT/tests/db/support/helpers.sql"
pg_prove --failures -d "$base/courtbook_pgtap" "$ROOT"/tests/db/*.sql

log "admin panel: build and component tests (Vitest)"
"$ROOT/admin/build.sh"
(cd "$ROOT/admin" && npm test --silent)

log "pytest (tests/)"
"$VENV/bin/pytest" -q "$@"
