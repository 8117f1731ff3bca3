#!/usr/bin/env bash
# Row-level security benchmark: a big owner read and a player read, with the 0.1
# policies (the caller evaluated per row) and then with sql/policies.sql (once per
# query), in one run on one database.
#   bench/rls/run.sh [CLUSTER_URL]     e.g. postgresql://postgres@127.0.0.1:54349
# 1. deploys the plan up to the change before `policies`, seeds one owner with
#    BOOKINGS confirmed bookings (default 100,000) over 10 venues, a second owner with
#    as many, and a player with 2,000 of them;
# 2. times, as the API roles with their claims (what PostgREST sets), with pgbench:
#    the owner's `count(*)` of api.venue_bookings, the owner's payments total through
#    RLS on data.payment (the join api.venue_bookings makes), and the player's api.bookings;
# 3. deploys `policies` and the rest of the plan, times the same, prints the ratios.
# DURATION (seconds per run, default 10). Drops its database at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cluster="${1:-postgresql://postgres@127.0.0.1:54329}"
cluster="${cluster%/}"; cluster="${cluster%/postgres}"
DURATION="${DURATION:-10}"
BOOKINGS="${BOOKINGS:-100000}"
db="rls_bench_$$"
url="$cluster/$db"
work="$(mktemp -d)"
cleanup() { psql -X -q "$cluster/postgres" -c "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$url" "$@"; }
sqitch_deploy() { (cd "$ROOT/db" && sqitch --quiet deploy "db:${url/postgresql:/pg:}" "$@") >/dev/null; }

psql -X -q "$cluster/postgres" -c "create database \"$db\"" >/dev/null
echo "deploying the plan up to the change before 'policies' into $db ..." >&2
sqitch_deploy --to 'policies^'

owner_a=00000000-0000-0000-0000-00000000aa01
owner_b=00000000-0000-0000-0000-00000000bb01
player=00000000-0000-0000-0000-00000000cc01
echo "seeding $BOOKINGS bookings for each of two owners ..." >&2
q >/dev/null <<SQL
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('$owner_a', 'owner-a@bench.test', 'x', 'Owner A', 'owner'),
  ('$owner_b', 'owner-b@bench.test', 'x', 'Owner B', 'owner'),
  ('$player', 'player@bench.test', 'x', 'Player', 'player');
insert into data.app_user (id, email, password_hash, full_name, role)
select ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, 'p' || i || '@bench.test', 'x', 'P ' || i, 'player'
from generate_series(1, 500) i;
insert into data.venue (owner_id, name, address, city, lat, lng, timezone)
select o, 'Venue ' || o || ' ' || i, 'A', 'Madrid', 40.4, -3.7, 'Europe/Madrid'
from unnest(array['$owner_a', '$owner_b']::uuid[]) o, generate_series(1, 10) i;
insert into data.court (venue_id, name, sport) select v.id, 'Court 1', 'padel' from data.venue v;
insert into data.slot (court_id, start_at, end_at, price_cents, status)
select c.id, timestamptz '2027-01-01' + k * interval '1 hour', timestamptz '2027-01-01' + (k + 1) * interval '1 hour', 2000, 'booked'
from data.court c, generate_series(1, $BOOKINGS / 10) k;
insert into data.booking (player_id, venue_id, status, amount_cents, currency, confirmed_at)
select case when s.id % 100 = 0 then '$player'::uuid
            else ('00000000-0000-0000-0000-' || lpad((1 + s.id % 500)::text, 12, '0'))::uuid end,
       c.venue_id, 'confirmed', 2000, 'EUR', now()
from data.slot s join data.court c on c.id = s.court_id order by s.id;
insert into data.booking_slot (booking_id, slot_id, price_cents)
select b.id, s.id, 2000 from (select id, row_number() over (order by id) n from data.booking) b
join (select id, row_number() over (order by id) n from data.slot) s using (n);
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, status, amount_received_cents, succeeded_at)
select b.id, 'pi_bench_' || b.id, 2000, 'EUR', 'succeeded', 2000, now() from data.booking b;
vacuum analyze;
SQL

script() { # name role sub query
  cat > "$work/$1.sql" <<SQL
begin;
set local role $2;
select set_config('request.jwt.claims', '{"sub":"$3","role":"$2"}', true);
$4
commit;
SQL
}
script owner_view owner "$owner_a" "select count(*) from api.venue_bookings;"
script owner_payments owner "$owner_a" "select count(*), sum(p.amount_cents) from data.payment p;"
script player_view player "$player" "select count(*) from api.bookings;"

declare -A before after
measure() { # into-array-name
  local name lat
  for name in owner_view owner_payments player_view; do
    lat="$(pgbench -n -c 2 -j 2 -T "$DURATION" -f "$work/$name.sql" "$url" 2>/dev/null \
      | sed -nE 's/^latency average = ([0-9.]+) ms/\1/p')"
    [ -n "$lat" ] || { echo "pgbench $name failed" >&2; pgbench -n -c 1 -t 1 -f "$work/$name.sql" "$url"; exit 1; }
    eval "$1[\$name]=\$lat"
  done
}
rows() { psql -X -q -At "$url" -f "$work/$1.sql" | tail -n 1; }
check_a="$(rows owner_view) $(rows owner_payments) $(rows player_view)"
echo "timing with the 0.1 policies ..." >&2
measure before
echo "deploying 'policies' and the rest of the plan ..." >&2
sqitch_deploy
check_b="$(rows owner_view) $(rows owner_payments) $(rows player_view)"
[ "$check_a" = "$check_b" ] || { echo "the policies changed what callers see: $check_a / $check_b" >&2; exit 1; }
echo "timing with sql/policies.sql ..." >&2
measure after

echo
echo "RLS: the caller per row (0.1) vs once per query (sql/policies.sql) — $BOOKINGS bookings per owner, pgbench 2 clients, ${DURATION} s each, average latency"
echo "same rows seen before and after: $check_a"
printf '%-58s %12s %12s %8s\n' "query" "0.1 ms" "now ms" "speed-up"
for name in owner_view owner_payments player_view; do
  case $name in
    owner_view) label="owner: count(*) from api.venue_bookings" ;;
    owner_payments) label="owner: count, sum over data.payment (RLS)" ;;
    player_view) label="player: count(*) from api.bookings" ;;
  esac
  printf '%-58s %12s %12s %7.1fx\n' "$label" "${before[$name]}" "${after[$name]}" \
    "$(awk -v a="${before[$name]}" -v b="${after[$name]}" 'BEGIN { print a / b }')"
done
