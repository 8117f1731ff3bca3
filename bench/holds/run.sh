#!/usr/bin/env bash
# Booking-engine benchmark (run by hand, not part of `make test`).
#   bench/holds/run.sh [CLUSTER_URL]     e.g. postgresql://postgres@127.0.0.1:54350
# Creates its own database on the cluster, deploys the sqitch plan, and measures
#   1. api.hold_slots at 16 clients (pgbench, role and claims set as PostgREST does,
#      each transaction a fresh player holding a fresh slot): holds/s, average and p99 latency;
#   2. the ceiling: a raw single-row UPDATE per transaction at 16 clients;
#   3. api.available_slots on a million slots (venue, one day; court, 14 days), with
#      EXPLAIN of the query it runs.
# Prints a table and drops the database. DURATION (seconds per run, default 20),
# CLIENTS (default 16), THREADS (default 2) may be set in the environment.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/bench/holds"
cluster="${1:-postgresql://postgres@127.0.0.1:54329}"
cluster="${cluster%/}"; cluster="${cluster%/postgres}"
DURATION="${DURATION:-20}"; CLIENTS="${CLIENTS:-16}"; THREADS="${THREADS:-2}"
export JWT_SECRET="${JWT_SECRET:-local-dev-secret-change-me-0123456789abcdef}"
db="eng_bench_$$"
url="$cluster/$db"
work="$(mktemp -d)"
cleanup() { psql -X -q "$cluster/postgres" -c "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$url" "$@"; }

echo "deploying into $db ..." >&2
"$ROOT/deploy/local/db.sh" "$url" >/dev/null 2>&1

# --- seed: a player per hold, one venue with 100 courts of 15-minute slots (a fresh slot per hold)
# enough fresh slots for both hold runs (api.hold_slots and the bare UPDATE function)
holds_needed=$(( 18000 * DURATION + 40000 ))
per_court=$(( holds_needed / 100 + 1 ))
q >/dev/null <<SQL
-- one player per hold (the hold caps of issue 16 allow 2 pending holds per player:
-- a player who already holds is refused with too_many_holds, which is not a hold)
insert into data.app_user (id, email, password_hash, full_name, role)
select ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, 'bench' || i || '@bench.test', 'x', 'Bench ' || i, 'player'
from generate_series(0, $holds_needed - 1) i;
insert into data.app_user (id, email, password_hash, full_name, role)
values ('00000000-0000-0000-0000-ffffffffffff', 'owner@bench.test', 'x', 'Bench owner', 'owner');
insert into data.venue (owner_id, name, address, city, lat, lng, timezone)
values ('00000000-0000-0000-0000-ffffffffffff', 'Bench hold venue', 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid');
insert into data.court (venue_id, name, sport)
select (select id from data.venue where name = 'Bench hold venue'), 'Court ' || i, 'padel' from generate_series(1, 100) i;
insert into data.slot (court_id, start_at, end_at, price_cents)
select c.id, date_trunc('hour', now()) + interval '1 day' + (k * interval '15 minutes'),
       date_trunc('hour', now()) + interval '1 day' + ((k + 1) * interval '15 minutes'), 1000
from data.court c, generate_series(0, $per_court - 1) k
where c.venue_id = (select id from data.venue where name = 'Bench hold venue')
order by c.id, k;
create schema bench;
create sequence bench.slot_seq;
select setval('bench.slot_seq', (select min(id) from data.slot) - 1 + 1000);
create sequence bench.player_seq minvalue 0 start 0;
grant usage on schema bench to player;
grant usage on sequence bench.slot_seq, bench.player_seq to player;
-- For comparison only: the hold's core alone (the one conditional UPDATE, no booking).
create function bench.bare_hold(slot_ids bigint[]) returns integer
language plpgsql security definer set search_path = pg_catalog, public as \$\$
declare n integer;
begin
  with locked as (select s.id from data.slot s where s.id = any(slot_ids) order by s.id for update skip locked)
  update data.slot s set status = 'held', held_until = now() + interval '5 minutes', held_by = data.current_user_id()
  from locked l where s.id = l.id and (s.status = 'available' or (s.status = 'held' and s.held_until < now()));
  get diagnostics n = row_count;
  return n;
end \$\$;
grant execute on function bench.bare_hold(bigint[]) to player;
vacuum analyze;
SQL
first_slot=$(q -c "select min(id) from data.slot")

pgb() { # name script extra-args...
  local name="$1" script="$2"; shift 2
  (cd "$work" && pgbench -n -M prepared -c "$CLIENTS" -j "$THREADS" -T "$DURATION" -f "$script" \
     --log --log-prefix="$name" "$@" "$url" > "$name.out" 2>&1) || { cat "$work/$name.out" >&2; exit 1; }
  local tps avg p99 p50 fails
  tps=$(grep -E '^tps' "$work/$name.out" | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/')
  fails=$(grep -E 'number of failed transactions' "$work/$name.out" | sed -E 's/.*: ([0-9]+).*/\1/' || true)
  read -r p50 p99 avg < <(cat "$work/$name".* | awk '{print $3}' | sort -n | awk '
    {a[NR]=$1; s+=$1} END {printf "%.2f %.2f %.2f\n", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000, s/NR/1000}')
  printf '%-40s %10s %9s %9s %9s %7s\n' "$name" "$tps" "$avg" "$p50" "$p99" "${fails:-0}" >> "$work/table"
  rm -f "$work/$name".*
}

echo "benchmarking holds ($CLIENTS clients, ${DURATION}s) ..." >&2
# warm-up, so the run measures steady state (plans cached in every backend)
(cd "$work" && pgbench -n -M prepared -c "$CLIENTS" -j "$THREADS" -T 2 -f "$HERE/hold.sql" "$url" >/dev/null 2>&1)
pgb "api.hold_slots (1 slot, $CLIENTS clients)" "$HERE/hold.sql"
held=$(q -c "select count(*) from data.booking_slot where active")
bookings=$(q -c "select count(*) from data.booking")
sed 's/api.hold_slots/bench.bare_hold/' "$HERE/hold.sql" > "$work/bare.sql"
pgb "bare conditional UPDATE fn ($CLIENTS clients)" "$work/bare.sql"
if [ "$(q -c "select last_value > (select max(id) from data.slot where price_cents = 1000) from bench.slot_seq")" = t ]; then
  echo "WARNING: the hold runs used up the pre-created slots; raise holds_needed" >&2
fi
doubled=$(q -c "select count(*) from (select slot_id from data.booking_slot where active group by slot_id having count(*) > 1) x")
pgb "raw single-row UPDATE ($CLIENTS clients)" "$HERE/update.sql" -D first_slot="$first_slot"

# --- a million slots for available_slots: 100 venues x 10 courts x 1000 hourly slots
echo "generating a million slots ..." >&2
q >/dev/null <<SQL
insert into data.venue (owner_id, name, address, city, lat, lng, timezone)
select '00000000-0000-0000-0000-ffffffffffff', 'Venue ' || i, 'A', 'City', 40 + i / 100.0, -3 - i / 100.0, 'Europe/Madrid'
from generate_series(1, 100) i;
insert into data.court (venue_id, name, sport)
select v.id, 'Court ' || j, (array['padel','tennis','football'])[1 + j % 3]::data.sport
from data.venue v, generate_series(1, 10) j where v.name like 'Venue %';
insert into data.slot (court_id, start_at, end_at, price_cents, status)
select c.id, date_trunc('hour', now()) + (k * interval '1 hour'), date_trunc('hour', now()) + ((k + 1) * interval '1 hour'),
       2000, case when k % 7 = 3 then 'booked'::data.slot_status when k % 11 = 5 then 'blocked' else 'available' end
from data.court c join data.venue v on v.id = c.venue_id, generate_series(0, 999) k where v.name like 'Venue %';
vacuum analyze;
SQL
total=$(q -c "select count(*) from data.slot")
read -r fv lv < <(q -F ' ' -c "select min(id), max(id) from data.venue where name like 'Venue %'")
read -r fc lc < <(q -F ' ' -c "select min(c.id), max(c.id) from data.court c join data.venue v on v.id = c.venue_id where v.name like 'Venue %'")
pgb "available_slots venue, 1 day ($CLIENTS cl.)" "$HERE/available.sql" -D first_venue="$fv" -D last_venue="$lv"
pgb "available_slots court, 14 days ($CLIENTS cl.)" "$HERE/available_court14.sql" -D first_court="$fc" -D last_court="$lc"
single=$(q <<SQL | tail -1
\timing on
select count(*) from api.available_slots(venue_id => $fv, "from" => now() + interval '3 days', "to" => now() + interval '4 days');
SQL
)

echo
echo "courtbook engine benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) cores, $(psql -X -At "$url" -c 'show server_version')"
printf '%-40s %10s %9s %9s %9s %7s\n' "run (${DURATION}s each)" "tx/s" "avg ms" "p50 ms" "p99 ms" "failed"
cat "$work/table"
echo
echo "api.hold_slots runs: $bookings bookings holding $held slots; slots in two active bookings: $doubled"
echo "available_slots database: $total slots; one call from psql (new session): ${single#Time: }"
echo
echo "EXPLAIN of the query api.available_slots runs (venue $fv, one day):"
q <<SQL
explain (analyze, costs off, timing off, summary on)
select s.id, s.court_id, c.venue_id, s.start_at, s.end_at, s.price_cents, v.currency::text
from data.court c
join data.venue v on v.id = c.venue_id
join data.slot s on s.court_id = c.id
where c.venue_id = $fv
  and s.start_at >= now() + interval '3 days' and s.start_at < now() + interval '4 days'
  and (s.status = 'available' or (s.status = 'held' and s.held_until < now()))
order by s.start_at, s.court_id;
SQL
