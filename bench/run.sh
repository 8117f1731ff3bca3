#!/usr/bin/env bash
# `make bench`: every benchmark of bench/ behind one command, one table at the end.
#
#   bench/pgrst/run.py           hold_slots through pgrst (wrk) vs direct (pgbench, the
#                                settings PostgREST makes): holds/s, p99, the ratio
#   bench/scaled/run.py          the scaled stack's reads: gateways on the primary vs one on a
#                                streaming replica (tests/support/scaled.py), same concurrency
#   bench/holds/run.sh           hold_slots and a raw single-row UPDATE (pgbench), and
#                                available_slots on a million slots
#   bench/webhook/run.py         payment_intent.succeeded events applied per second by the
#                                webhook service (and redeliveries)
#   bench/worker/expire_holds.py holds expired per second by the worker
#   bench/rls/run.sh             a big owner read with the 0.1 policies and with sql/policies.sql
#   bench/accounts/run.py        login and request_password_reset timed for unknown vs known
#                                emails (no enumeration by timing); the session check's cost
#                                on the hold and read paths (pgbench, with and without)
#   bench/search/run.py          search_slots on a synthetic city (3.6 million slots) beside the
#                                one-venue available_slots, direct and through pgrst; its plan
#
# The cluster: COURTBOOK_BENCH_PG_URL (e.g. postgresql://postgres@127.0.0.1:54350) when
# set; else a throwaway one started here (deploy/local/pg.sh, .run/bench-pg, port
# BENCH_PG_PORT=54349) and stopped at the end. Each benchmark gets a database of its own,
# dropped at the end. BENCH_DURATION (seconds per timed run, default 10), BENCH_CLIENTS
# (default 16). The whole run takes about 12 minutes at the defaults (building the search
# benchmark's city takes about 5 of them on two busy cores).
# The raw outputs stay in .run/bench/ (one file per benchmark).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
DURATION="${BENCH_DURATION:-10}"
CLIENTS="${BENCH_CLIENTS:-16}"
export JWT_SECRET="${JWT_SECRET:-local-dev-secret-change-me-0123456789abcdef}"
out="$ROOT/.run/bench"
mkdir -p "$out"
say() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bench]\033[0m %s\n' "$*" >&2; exit 1; }
for tool in pgbench wrk psql; do command -v "$tool" >/dev/null || die "$tool is needed"; done

started_cluster=""
pg_dir="$ROOT/.run/bench-pg"
pg_port="${BENCH_PG_PORT:-54349}"
dbs=()
cleanup() {
  local db
  if [ -n "${cluster:-}" ]; then
    for db in "${dbs[@]}"; do
      psql -X -q "$cluster/postgres" -c "drop database if exists \"$db\" with (force)" \
        >/dev/null 2>&1 || true
    done
  fi
  if [ -n "$started_cluster" ]; then "$ROOT/deploy/local/pg.sh" stop "$pg_dir" "$pg_port" || true; fi
}
trap cleanup EXIT

if [ -n "${COURTBOOK_BENCH_PG_URL:-}" ]; then
  cluster="${COURTBOOK_BENCH_PG_URL%/}"; cluster="${cluster%/postgres}"
  say "using the cluster at $cluster"
else
  "$ROOT/deploy/local/pg.sh" start "$pg_dir" "$pg_port"
  started_cluster=1
  cluster="postgresql://postgres@127.0.0.1:$pg_port"
fi
psql -X -q -At "$cluster/postgres" -c 'select 1' >/dev/null || die "no PostgreSQL at $cluster"

url=""
new_db() { # name: a fresh database with the plan deployed; sets $url
  local db="$1_$$"
  dbs+=("$db")
  psql -X -q "$cluster/postgres" -c 'set client_min_messages = warning' \
    -c "drop database if exists \"$db\" with (force)" -c "create database \"$db\"" >/dev/null
  "$ROOT/deploy/local/db.sh" "$cluster/$db" >/dev/null 2>&1 || die "deploying into $db failed"
  url="$cluster/$db"
}

when="$(date -u '+%Y-%m-%d %H:%M UTC')"
cores="$(nproc)"
model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
pgver="$(psql -X -At "$cluster/postgres" -c 'show server_version' | cut -d' ' -f1)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
t0=$SECONDS

# --- 1. hold through pgrst vs direct (bench/pgrst) --------------------------------------
say "1/8 hold_slots through pgrst vs direct (${DURATION}s per run) ..."
new_db bench_pgrst
player="00000000-0000-0000-0000-00000000b001"
psql -X -q -v ON_ERROR_STOP=1 "$url" >/dev/null <<SQL
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('$player', 'bench-player@bench.test', 'x', 'Bench player', 'player'),
  ('00000000-0000-0000-0000-00000000b002', 'bench-owner@bench.test', 'x', 'Bench owner', 'owner');
insert into data.venue (owner_id, name, address, city, lat, lng, timezone)
values ('00000000-0000-0000-0000-00000000b002', 'Bench', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid');
insert into data.court (venue_id, name, sport)
select (select min(id) from data.venue), 'Court ' || i, 'padel' from generate_series(1, 100) i;
-- a fresh slot for every hold of every run: 100 courts x 3300 quarter hours
insert into data.slot (court_id, start_at, end_at, price_cents)
select c.id, date_trunc('hour', now()) + interval '1 day' + k * interval '15 minutes',
       date_trunc('hour', now()) + interval '1 day' + (k + 1) * interval '15 minutes', 1000
from data.court c, generate_series(0, 3299) k;
vacuum analyze;
SQL
court="$(psql -X -At "$url" -c 'select min(id) from data.court')"
from="$(date -u -d 'tomorrow' '+%Y-%m-%dT12:00:00Z')"
to="$(date -u -d 'tomorrow + 1 day' '+%Y-%m-%dT12:00:00Z')"
"$PY" -m bench.pgrst.run --courtbook-db "$url" --sub "$player" --duration "$DURATION" \
  --clients "$CLIENTS" --rounds 1 \
  --read-path "/rpc/available_slots?court_id=$court&from=$from&to=$to" > "$out/pgrst.txt" 2>&1 \
  || { cat "$out/pgrst.txt" >&2; die "bench/pgrst failed"; }
field() { # file label-prefix label-width n: the n-th number after the fixed-width label
  awk -v p="$2" -v w="$3" -v n="$4" \
    'index($0, p) == 1 { split(substr($0, w + 1), a, " "); print a[n]; exit }' "$1"
}
pgrst_rps="$(field "$out/pgrst.txt" 'b) pgrst hold' 38 1)"
pgrst_p99="$(field "$out/pgrst.txt" 'b) pgrst hold' 38 3)"
pgrst_err="$(field "$out/pgrst.txt" 'b) pgrst hold' 38 4)"
direct_rps="$(field "$out/pgrst.txt" 'a) pgbench hold' 38 1)"
direct_p99="$(field "$out/pgrst.txt" 'a) pgbench hold' 38 3)"
pipe_rps="$(field "$out/pgrst.txt" 'a2) pgbench hold' 38 1)"
pipe_p99="$(field "$out/pgrst.txt" 'a2) pgbench hold' 38 3)"
read_rps="$(field "$out/pgrst.txt" 'd) pgrst read' 38 1)"
read_p99="$(field "$out/pgrst.txt" 'd) pgrst read' 38 3)"
ratio="$(awk -v a="$pgrst_rps" -v b="$direct_rps" 'BEGIN { printf "%.2f", a / b }')"
pipe_ratio="$(awk -v a="$pgrst_rps" -v b="$pipe_rps" 'BEGIN { printf "%.2f", a / b }')"
# the hold benchmark's database is not needed any more: the replica of step 2 copies less
psql -X -q "$cluster/postgres" -c "drop database if exists \"bench_pgrst_$$\" with (force)" >/dev/null

# --- 2. the scaled stack's reads (bench/scaled) --------------------------------------------
say "2/8 reads: replica-routed vs the single primary (${DURATION}s per run) ..."
new_db bench_scaled
"$PY" -m bench.scaled.run --db "$url" --duration "$DURATION" --clients "$CLIENTS" \
  > "$out/scaled.txt" 2>&1 || { cat "$out/scaled.txt" >&2; die "bench/scaled failed"; }
scaled_json="$(sed -n 's/^SCALEDJSON //p' "$out/scaled.txt")"
sc() { "$PY" -c 'import json,sys; print(f"{json.loads(sys.argv[1])[sys.argv[2]]:.{sys.argv[3]}f}")' "$scaled_json" "$1" "$2"; }
psql -X -q "$cluster/postgres" -c "drop database if exists \"bench_scaled_$$\" with (force)" >/dev/null

# --- 3. the booking engine (bench/holds) ---------------------------------------------------
say "3/8 hold_slots, raw UPDATE, available_slots on a million slots ..."
DURATION="$DURATION" CLIENTS="$CLIENTS" "$ROOT/bench/holds/run.sh" "$cluster" > "$out/holds.txt" 2>&1 \
  || { cat "$out/holds.txt" >&2; die "bench/holds failed"; }
# columns: name... tx/s avg p50 p99 failed
hold_rps="$(field "$out/holds.txt" 'api.hold_slots (1 slot' 40 1)"
hold_p99="$(field "$out/holds.txt" 'api.hold_slots (1 slot' 40 4)"
raw_rps="$(field "$out/holds.txt" 'raw single-row UPDATE' 40 1)"
# issue 23's goal: the hold at least 25 % of the raw UPDATE of the same run
direct_share="$(awk -v a="$direct_rps" -v b="$raw_rps" 'BEGIN { printf "%.1f", 100 * a / b }')"
engine_share="$(awk -v a="$hold_rps" -v b="$raw_rps" 'BEGIN { printf "%.1f", 100 * a / b }')"
av_venue_tps="$(field "$out/holds.txt" 'available_slots venue, 1 day' 40 1)"
av_venue_avg="$(field "$out/holds.txt" 'available_slots venue, 1 day' 40 2)"
av_venue_p99="$(field "$out/holds.txt" 'available_slots venue, 1 day' 40 4)"
av_court_avg="$(field "$out/holds.txt" 'available_slots court, 14 days' 40 2)"
av_court_p99="$(field "$out/holds.txt" 'available_slots court, 14 days' 40 4)"
slots_total="$(sed -nE 's/^available_slots database: ([0-9]+) slots.*/\1/p' "$out/holds.txt")"

# --- 4. the webhook service (bench/webhook) -----------------------------------------------
say "4/8 webhook events applied per second ..."
new_db bench_webhook
"$PY" "$ROOT/bench/webhook/run.py" --url "$url" --events "${BENCH_WEBHOOK_EVENTS:-2000}" \
  --concurrency "$CLIENTS" --json > "$out/webhook.txt" 2>&1 \
  || { cat "$out/webhook.txt" >&2; die "bench/webhook failed"; }
wh_json="$(sed -n 's/^WEBHOOKJSON //p' "$out/webhook.txt")"
wh() { "$PY" -c 'import json,sys; print(f"{json.loads(sys.argv[1])[sys.argv[2]]:.{sys.argv[3]}f}")' "$wh_json" "$1" "$2"; }
num() { printf '%.0f' "$1"; }

# --- 5. the worker (bench/worker) ------------------------------------------------------------
say "5/8 holds expired per second by the worker ..."
new_db bench_worker
"$PY" "$ROOT/bench/worker/expire_holds.py" --url "$url" --holds "${BENCH_EXPIRE_HOLDS:-5000}" \
  > "$out/worker.txt" 2>&1 || { cat "$out/worker.txt" >&2; die "bench/worker failed"; }
expire_line="$(grep -m1 '^expire_holds:' "$out/worker.txt")"
expire_rate="$(sed -nE 's/.*= ([0-9]+) holds\/s.*/\1/p' <<<"$expire_line")"
expire_desc="$(sed -nE 's/^expire_holds: ([0-9]+ holds \([0-9]+ slots each\)).*/\1/p' <<<"$expire_line")"

# --- 6. row-level security (bench/rls) -------------------------------------------------------
say "6/8 a big owner read, 0.1 policies vs sql/policies.sql ..."
DURATION="$DURATION" "$ROOT/bench/rls/run.sh" "$cluster" > "$out/rls.txt" 2>&1 \
  || { cat "$out/rls.txt" >&2; die "bench/rls failed"; }
rls_line="$(grep -m1 '^owner: count(\*) from api.venue_bookings' "$out/rls.txt")"
rls_before="$(awk '{print $(NF-2)}' <<<"$rls_line")"
rls_after="$(awk '{print $(NF-1)}' <<<"$rls_line")"
rls_ratio="$(awk '{print $NF}' <<<"$rls_line")"
rls_rows="$(sed -nE 's/^RLS: .* — ([0-9]+) bookings per owner.*/\1/p' "$out/rls.txt")"

# --- 7. accounts (bench/accounts) -----------------------------------------------------------
say "7/8 login and password-reset timing, the session check's cost ..."
new_db bench_accounts
"$PY" -m bench.accounts.run --url "$url" --duration "$DURATION" --clients "$CLIENTS" \
  > "$out/accounts.txt" 2>&1 || { cat "$out/accounts.txt" >&2; die "bench/accounts failed"; }
acc_json="$(sed -n 's/^ACCOUNTSJSON //p' "$out/accounts.txt")"
acc() { "$PY" -c 'import json,sys; print(f"{json.loads(sys.argv[1])[sys.argv[2]]:.{sys.argv[3]}f}")' "$acc_json" "$1" "$2"; }
acc_plan="$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["plan"].split(" / ")[0])' "$acc_json")"

# --- 8. the marketplace search (bench/search) ----------------------------------------------
say "8/8 search_slots on a city of 3.6 million slots, beside available_slots ..."
new_db bench_search
"$PY" -m bench.search.run --db "$url" --duration "$DURATION" --clients "$CLIENTS" \
  > "$out/search.txt" 2>&1 || { cat "$out/search.txt" >&2; die "bench/search failed"; }
search_json="$(sed -n 's/^SEARCHJSON //p' "$out/search.txt")"
sj() { "$PY" -c 'import json,sys; print(f"{json.loads(sys.argv[1])[sys.argv[2]]:.{sys.argv[3]}f}")' "$search_json" "$1" "$2"; }

cat <<TABLE

courtbook benchmarks — $when — $cores cores ($model), PostgreSQL $pgver — load average at start $load_start — ${DURATION} s per timed run, $CLIENTS clients — took $(( SECONDS - t0 )) s

| figure | throughput | latency | how |
| --- | ---: | ---: | --- |
| hold through pgrst (HTTP) | $(num "$pgrst_rps") holds/s | p99 $pgrst_p99 ms | wrk, $CLIENTS connections, \`POST /rpc/hold_slots\` with a player JWT, a fresh slot each ($pgrst_err errors) |
| hold direct (pgbench) | $(num "$direct_rps") holds/s | p99 $direct_p99 ms | pgbench, $CLIENTS clients: the same \`api.hold_slots\` in the transaction PostgREST makes (role, claims, GUCs, the db-pre-request session check), a player with a session per hold |
| hold direct, pipelined (pgbench) | $(num "$pipe_rps") holds/s | p99 $pipe_p99 ms | the same statements in one pipeline (one round trip, as pgrst sends them) |
| ratio pgrst / direct | $ratio (pipelined direct: $pipe_ratio) | | the HTTP gateway's share of the database's hold throughput |
| hold, engine alone (pgbench) | $(num "$hold_rps") holds/s | p99 $hold_p99 ms | bench/holds: \`api.hold_slots\`, 1 slot, $CLIENTS clients |
| raw single-row UPDATE (ceiling) | $(num "$raw_rps") tx/s | | bench/holds: the fastest write transaction this cluster does |
| hold / raw UPDATE | direct $direct_share %, engine alone $engine_share % | | issue 23's goal: direct at least 25 % |
| reads, single primary | $(num "$(sc primary_rps 0)") req/s | p99 $(sc primary_p99 2) ms | bench/scaled: wrk, $CLIENTS connections over two pgrst on the primary, \`GET /rpc/available_slots\` (one court, 12 hours, 2,000 different requests) as a player with a session |
| reads, replica-routed | $(num "$(sc routed_rps 0)") req/s ($(sc ratio 2)× the single primary) | p99 $(sc routed_p99 2) ms | same run: one pgrst through PgBouncer on the primary, one on the streaming replica (deploy/compose.scale.yml), half the connections each; replay lag after the runs $(sc lag_bytes 0) bytes |
| reads, replica only | $(num "$(sc replica_rps 0)") req/s | p99 $(sc replica_p99 2) ms | same run: every read to the one pgrst on the replica |
| available_slots via pgrst (GET rpc) | $(num "$read_rps") req/s | p99 $read_p99 ms | wrk, one court, one day (96 quarter-hour slots) |
| available_slots, one venue, one day | $(num "$av_venue_tps") calls/s | avg $av_venue_avg ms, p99 $av_venue_p99 ms | pgbench, $CLIENTS clients, on ${slots_total:-a million} slots |
| available_slots, one court, 14 days | | avg $av_court_avg ms, p99 $av_court_p99 ms | pgbench, $CLIENTS clients, same database |
| webhook events applied | $(wh applied_per_s 0) events/s | p99 $(wh p99_ms 1) ms | $(wh events 0) signed \`payment_intent.succeeded\` to the webhook service (uvicorn), $CLIENTS in flight: verified, stored, booking confirmed |
| webhook redeliveries | $(wh duplicates_per_s 0) events/s | p99 $(wh duplicates_p99_ms 1) ms | the same events again: each answered duplicate, nothing changed |
| holds expired by the worker | $expire_rate holds/s | | one \`expire_holds\` job on $expire_desc: booking cancelled, slots freed, history and notification |
| login: unknown email / wrong password | ratio $(acc login_ratio 2) | median $(acc login_unknown 1) ms / $(acc login_wrong_password 1) ms (right password $(acc login_right_password 1) ms) | bench/accounts: $(acc calls 0) calls of each kind interleaved, one PostgREST-style transaction each (bcrypt cost 10 either way) |
| request_password_reset: unknown / known email | ratio $(acc reset_ratio 2) | median $(acc reset_unknown 1) ms / $(acc reset_known 1) ms | same run: the known email stores a code and queues its email, the unknown one does the same bcrypt and nothing else |
| session check alone | +$(acc alone_us 0) µs per request | | pgbench, 1 client: a request doing nothing but the check vs nothing at all ($(acc alone_without_ms 3) ms), each one pipeline as pgrst sends it |
| session check on the hold path | $(acc hold_with_tps 0) holds/s with, $(acc hold_without_tps 0) without ($(acc hold_cost_pct 1) %) | avg $(acc hold_with_ms 2) ms / $(acc hold_without_ms 2) ms | pgbench, $CLIENTS clients, \`select api.check_session()\` before \`api.hold_slots\` as the db-pre-request, one pipeline per request as pgrst sends it, rounds interleaved, 100,000 sessions |
| session check on the read path | $(acc read_with_tps 0) reads/s with, $(acc read_without_tps 0) without ($(acc read_cost_pct 1) %) | avg $(acc read_with_ms 2) ms / $(acc read_without_ms 2) ms | same, \`api.available_slots\` (one court, one day) as a logged-in player; the check is one lookup: $acc_plan |
| owner read, RLS caller once per query | $rls_ratio faster | avg $rls_after ms (0.1 policies: $rls_before ms) | bench/rls: \`count(*)\` of api.venue_bookings for an owner with $rls_rows bookings, pgbench 2 clients |
| search_slots via pgrst (GET rpc) | $(sj search_gw_rps 0) req/s | p99 $(sj search_gw_p99 2) ms ($(sj ratio_gw 2)× the one-venue available_slots' p99 $(sj avail_gw_p99 2) ms) | bench/search: wrk, 5 km, padel, 2 hours, 2,000 different points and windows, on $(sj slots 0) slots (2,000 venues within 30 km) |
| search_slots direct (pgbench) | $(sj search_direct_tps 0) calls/s | p99 $(sj search_direct_p99 2) ms ($(sj ratio_direct 2)× available_slots' $(sj avail_direct_p99 2) ms) | same city; $(sj seq_scans 0) sequential scans of data.slot in its plan (.run/bench/search.txt); the widest search allowed (50 km, 24 h, 500 rows): $(sj wide_ms 0) ms |
TABLE
