#!/usr/bin/env bash
# `make demo`: the player's journey (demo/journey.py) against the local stack,
# through nginx, as the mobile app makes it, each step with its time.
# When the stack of `make run` is up (https://127.0.0.1:$NGINX_HTTPS_PORT/health
# answers), the journey runs against it. Otherwise `make run` is started in the
# background (deploy/local/run.sh, what `make run` runs, in its own process
# group; log in .run/demo-stack.log), the journey
# runs once everything answers, and the stack is stopped again (TERM to its
# process group: run.sh stops its services and its cluster).
# Exit status: the journey's (non-zero when a step failed).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
load_env

base="https://127.0.0.1:${NGINX_HTTPS_PORT:-8443}"
stripe="http://127.0.0.1:${LOCALSTRIPE_PORT:-8420}"
cacert="$RUN_DIR/nginx/cert.pem"
start_timeout="${DEMO_START_TIMEOUT:-300}"

tls() { if [ -s "$cacert" ]; then echo --cacert "$cacert"; else echo -k; fi; }
# shellcheck disable=SC2046
answers() { curl -fsS -o /dev/null --max-time 2 $(tls) "$1" 2>/dev/null; }
stack_up() {
  answers "$base/health" && answers "$base/api/venues?limit=1" \
    && curl -fsS -o /dev/null --max-time 2 "$stripe/js.stripe.com/v3/" 2>/dev/null
}

stack_pid=""
stop_stack() {
  trap - EXIT INT TERM
  [ -n "$stack_pid" ] || return 0
  log "stopping the stack this demo started"
  kill -TERM -- "-$stack_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 -- "-$stack_pid" 2>/dev/null || { stack_pid=""; return 0; }
    sleep 0.1
  done
  log "the stack did not stop within 30 s: KILL"
  kill -KILL -- "-$stack_pid" 2>/dev/null || true
  stack_pid=""
}

if stack_up; then
  log "the stack of \`make run\` is up: running the journey against it"
else
  mkdir -p "$RUN_DIR"
  log "the stack is not up: starting \`make run\` (log: ${RUN_DIR#"$ROOT"/}/demo-stack.log)"
  # setsid: its own session and process group, so that one TERM stops all of it.
  # run.sh itself rather than `make run`: on TERM, make sends its child a second
  # TERM, which cuts run.sh's clean stop short (its cluster is left running).
  setsid "$ROOT/deploy/local/run.sh" > "$RUN_DIR/demo-stack.log" 2>&1 < /dev/null &
  stack_pid=$!
  trap 'stop_stack; exit 130' INT TERM
  trap stop_stack EXIT
  deadline=$(( SECONDS + start_timeout ))
  until stack_up; do
    if ! kill -0 "$stack_pid" 2>/dev/null; then
      tail -n 30 "$RUN_DIR/demo-stack.log" >&2
      die "\`make run\` exited before the stack answered"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$RUN_DIR/demo-stack.log" >&2
      die "the stack did not answer within ${start_timeout}s"
    fi
    sleep 0.5
  done
  # run.sh points the local Stripe's webhooks at the webhook service right after
  # starting it; doing it again here (idempotent) closes that race.
  "$ROOT/deploy/local/register-webhook.sh" 2>/dev/null
  log "the stack is up"
fi

cacert_arg=()
[ -s "$cacert" ] && cacert_arg=(--cacert "$cacert")
set +e
"$VENV/bin/python" -m demo.journey --base "$base" --stripe "$stripe" "${cacert_arg[@]}"
status=$?
set -e
stop_stack
exit "$status"
