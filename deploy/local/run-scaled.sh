#!/usr/bin/env bash
# `make run-scaled`: the stack of `make run` beyond one machine, on this one, in the
# foreground (tests/support/scaled.py): the cluster of `make run` as the primary, a
# streaming replica of it (pg_basebackup -R) and PgBouncer in transaction mode under
# .run/scaled, on free ports; pgrst, the webhook service and two workers through PgBouncer,
# a second pgrst on the replica behind nginx's read upstream (the primary's as `backup`).
# Ctrl-C stops everything it started. What tests/scale/test_scaled_stack.py runs.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/deploy/local/setup.sh"
load_env

started_cluster=""
stop_cluster() {
  [ -n "$started_cluster" ] && "$ROOT/deploy/local/pg.sh" stop "$RUN_DIR/pg" "$COURTBOOK_PG_PORT"
  return 0
}
trap stop_cluster EXIT
if [ -z "${DATABASE_URL:-}" ]; then
  "$ROOT/deploy/local/pg.sh" start "$RUN_DIR/pg" "$COURTBOOK_PG_PORT"
  started_cluster=1
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$COURTBOOK_PG_PORT/courtbook"
fi
log "deploying the sqitch plan"
"$ROOT/deploy/local/db.sh" "$DATABASE_URL"
log "loading demo data (once)"
psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$ROOT/deploy/local/demo-data.sql"
[ -x "$ROOT/admin/build.sh" ] && "$ROOT/admin/build.sh"

"$VENV/bin/python" -m tests.support.scaled
