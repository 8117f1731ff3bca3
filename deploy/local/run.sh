#!/usr/bin/env bash
# `make run`: the whole local stack in the foreground, with demo data.
# Ctrl-C stops everything it started. Run again, it reuses the cluster and
# deploys only what is new.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/deploy/local/setup.sh"
load_env

pids=()
started_cluster=""
stop_all() {
  trap '' INT TERM; trap - EXIT  # a second signal must not cut the clean-up short
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$started_cluster" ] && "$ROOT/deploy/local/pg.sh" stop "$RUN_DIR/pg" "$COURTBOOK_PG_PORT"
  exit 0
}
trap stop_all INT TERM EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  "$ROOT/deploy/local/pg.sh" start "$RUN_DIR/pg" "$COURTBOOK_PG_PORT"
  started_cluster=1
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$COURTBOOK_PG_PORT/courtbook"
fi

log "deploying the sqitch plan"
"$ROOT/deploy/local/db.sh" "$DATABASE_URL"
log "loading demo data (once)"
psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$ROOT/deploy/local/demo-data.sql"

# The services connect as their own roles (trusted on loopback locally).
host_part="${DATABASE_URL#*://}"; host_part="${host_part#*@}"
as_role() { echo "postgresql://$1@$host_part"; }

[ -x "$ROOT/admin/build.sh" ] && "$ROOT/admin/build.sh"

# Run a service in the background, its lines prefixed with its name.
# Each in its own session, so that stopping it stops its whole process group.
start() {
  local name="$1"; shift
  setsid bash -c '"$@" 2>&1 | sed -u "s/^/[$0] /"' "$name" "$@" &
  pids+=($!)
}

# The API gateway: pgrst, or a real PostgREST with the same PGRST_* environment
# (COURTBOOK_GATEWAY=postgrest with POSTGREST_BIN, or postgrest-docker): deploy/local/gateway.sh.
# db-pre-request: a token of a revoked session (logout, refresh reuse, password change) gets 401.
gateway="${COURTBOOK_GATEWAY:-pgrst}"
start "$gateway" env PGRST_DB_URI="${PGRST_DB_URI:-$(as_role authenticator)}" PGRST_JWT_SECRET="$JWT_SECRET" \
  PGRST_DB_PRE_REQUEST="${PGRST_DB_PRE_REQUEST:-api.check_session}" \
  "$ROOT/deploy/local/gateway.sh"
# localstripe with the shims courtbook needs (Connect, refunds, amount_received): see its docstring.
start localstripe "$VENV/bin/python" -m tests.support.localstripe_server --port "$LOCALSTRIPE_PORT"
start webhook env DATABASE_URL="${WEBHOOK_DATABASE_URL:-$(as_role webhook_service)}" STRIPE_API_BASE="${STRIPE_API_BASE:-http://127.0.0.1:$LOCALSTRIPE_PORT}" "$VENV/bin/courtbook-webhook"
start worker env DATABASE_URL="${WORKER_DATABASE_URL:-$(as_role worker_service)}" STRIPE_API_BASE="${STRIPE_API_BASE:-http://127.0.0.1:$LOCALSTRIPE_PORT}" "$VENV/bin/courtbook-worker"
start nginx "$ROOT/deploy/nginx/run-local.sh"

"$ROOT/deploy/local/register-webhook.sh" || log "could not register the webhook with localstripe"

cat >&2 <<INFO

  courtbook is up:
    API ($gateway)   http://127.0.0.1:$PGRST_SERVER_PORT      behind nginx: https://127.0.0.1:$NGINX_HTTPS_PORT/api/
    webhook service    http://127.0.0.1:$WEBHOOK_PORT      behind nginx: https://127.0.0.1:$NGINX_HTTPS_PORT/payments/
    local Stripe       http://127.0.0.1:$LOCALSTRIPE_PORT
    admin panel        https://127.0.0.1:$NGINX_HTTPS_PORT/admin/
    database           $DATABASE_URL
  demo logins: player@courtbook.test / courtbook-player-1, owner@courtbook.test / courtbook-owner-1
  Ctrl-C stops everything.

INFO
wait -n "${pids[@]}" || true
log "a service exited; stopping the stack"
