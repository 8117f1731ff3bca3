"""The scaled stack's reads (issue 23, `make bench` step 2): replica-routed vs one primary.

Run by hand (not part of the test suite):

    .venv/bin/python -m bench.scaled.run --db postgresql://postgres@127.0.0.1:PORT/DB

DB is the superuser URL of a deployed courtbook database (the cluster may be shared: the
replica is a `pg_basebackup -R` of the whole cluster, tests/support/scaled.py, as
`make run-scaled` and tests/scale/ use it). Seeds one venue (20 courts, 14 days of
quarter-hour slots, a third of them booked), then, at the same total concurrency, wrk
`GET /rpc/available_slots` (one court, one day, a different court and day per request) as
a logged-in player (the db-pre-request session check included):

  a) single primary: two gateways (pgrst) on the primary, half of the connections each
     (docker-compose.yml with `--scale postgrest=2`);
  b) replica-routed: one gateway on the primary through PgBouncer (transaction mode, no
     prepared statements) and one on the streaming replica, half of the connections each:
     deploy/compose.scale.yml's layout when nginx's read upstream shares the reads;
  c) replica only: every read to the gateway on the replica (the read upstream alone).

Prints one line per layout (req/s, p50, p99, errors), the replica's replay lag after the
runs, and a SCALEDJSON line for bench/run.sh.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.pgrst_server import (  # noqa: E402
    COURTBOOK_PRE_REQUEST,
    PgrstProcess,
    start_pgrst,
)
from tests.support.scaled import scaled_database  # noqa: E402

HERE = Path(__file__).resolve().parent
SECRET = "bench-scaled-secret-0123456789abcdef-0123"
PLAYER = "00000000-0000-0000-0000-00000000c001"
SESSION = "00000000-0000-0000-0000-00000000c002"
COURTS = 20
DAYS = 14

SEED = """
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('{player}', 'scaled-player@bench.test', 'x', 'Scaled player', 'player'),
  ('00000000-0000-0000-0000-00000000c003', 'scaled-owner@bench.test', 'x', 'Scaled owner', 'owner');
insert into data.session (id, user_id, refresh_hash, refresh_expires_at)
values ('{session}', '{player}', sha256('scaled-bench'::bytea), now() + interval '1 day');
insert into data.venue (owner_id, name, address, city, lat, lng, timezone)
values ('00000000-0000-0000-0000-00000000c003', 'Scaled', 'A', 'Madrid', 40.4, -3.7,
        'Europe/Madrid');
insert into data.court (venue_id, name, sport)
select (select id from data.venue where name = 'Scaled'), 'Court ' || i, 'padel'
from generate_series(1, {courts}) i;
insert into data.slot (court_id, start_at, end_at, price_cents, status)
select c.id, date_trunc('day', now()) + interval '1 day' + k * interval '15 minutes',
       date_trunc('day', now()) + interval '1 day' + (k + 1) * interval '15 minutes', 1000,
       case when k % 3 = 1 then 'booked'::data.slot_status else 'available' end
from data.court c join data.venue v on v.id = c.venue_id, generate_series(0, {days} * 96 - 1) k
where v.name = 'Scaled';
"""

WRK_LUA = """
-- a different court and day per request (paths from $BENCH_PATHS_FILE, round robin)
function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS_FILE")) do table.insert(paths, line) end
  pos = tonumber(os.getenv("BENCH_OFFSET") or "0")
  token = os.getenv("BENCH_TOKEN")
end
function request()
  pos = pos % #paths + 1
  return wrk.format("GET", paths[pos], {["Authorization"] = "Bearer " .. token})
end
function done(summary, latency, requests)
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
"""


def as_role(url: str, role: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}@{rest.split('@', 1)[-1]}"


def wrk_many(targets: list[tuple[str, int]], env: dict[str, str], duration: int,
             script: Path) -> dict[str, Any]:  # fmt: skip
    """wrk against every (base URL, connections) at once; the sum of their throughputs, the
    worst of their percentiles."""
    procs = []
    for i, (base, conns) in enumerate(targets):
        procs.append(subprocess.Popen(
            ["wrk", "-t1", f"-c{conns}", f"-d{duration}s", "--latency", "-s", str(script), base],
            env={**env, "BENCH_OFFSET": str(i * 997)}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        ))  # fmt: skip
    rps = 0.0
    p50 = p99 = 0.0
    errors = 0
    for p in procs:
        out, err = p.communicate(timeout=duration + 60)
        m = re.search(r"WRKJSON (\{.*\})", out)
        if not m:
            raise RuntimeError(f"wrk failed:\n{out}\n{err}")
        d = json.loads(m.group(1))
        rps += d["requests"] / (d["duration_us"] / 1e6)
        p50 = max(p50, d["p50_us"] / 1000)
        p99 = max(p99, d["p99_us"] / 1000)
        errors += d["errors"] + d["non2xx"]
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", required=True, help="superuser URL of a deployed courtbook database")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--clients", type=int, default=16)
    args = ap.parse_args()

    with psycopg.connect(args.db, autocommit=True) as conn:
        conn.execute(SEED.format(player=PLAYER, session=SESSION, courts=COURTS, days=DAYS))
        conn.execute("vacuum analyze data.slot, data.court, data.venue, data.session")
        courts = [r[0] for r in conn.execute(
            "select c.id from data.court c join data.venue v on v.id = c.venue_id "
            "where v.name = 'Scaled' order by c.id").fetchall()]  # fmt: skip
    day0 = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(1)
    paths = []
    for i in range(2000):
        start = day0 + timedelta(days=(i * 7) % DAYS, hours=(i * 5) % 12)
        end = start + timedelta(hours=12)
        paths.append(
            f"/rpc/available_slots?court_id={courts[i % len(courts)]}"
            f"&from={start:%Y-%m-%dT%H:%M:%SZ}&to={end:%Y-%m-%dT%H:%M:%SZ}"
        )
    tmp = Path(tempfile.mkdtemp(prefix="scaled-bench-"))
    (tmp / "paths").write_text("\n".join(paths) + "\n")
    script = tmp / "read.lua"
    script.write_text(WRK_LUA)
    claims = {"role": "player", "sub": PLAYER, "sid": SESSION,
              "exp": int(time.time()) + 7200, "jti": str(uuid.uuid4())}  # fmt: skip
    env = {"BENCH_TOKEN": jwt.encode(claims, SECRET, algorithm="HS256"),
           "BENCH_PATHS_FILE": str(tmp / "paths")}  # fmt: skip
    half = max(1, args.clients // 2)
    results: dict[str, dict[str, Any]] = {}

    def gateway(url: str, extra: dict[str, str] | None = None) -> PgrstProcess:
        return start_pgrst(
            as_role(url, "authenticator"), jwt_secret=SECRET, pre_request=COURTBOOK_PRE_REQUEST,
            pool=4, extra_env=extra,
        )  # fmt: skip

    with scaled_database(args.db) as scaled:
        scaled.wait_replayed()
        gws: list[PgrstProcess] = []
        try:
            # a) two gateways on the primary
            gws = [gateway(args.db), gateway(args.db)]
            time.sleep(1)
            wrk_many([(g + "/", half) for g in gws], env, 2, script)  # warm-up
            results["a) single primary (2 gateways)"] = wrk_many(
                [(g + "/", half) for g in gws], env, args.duration, script
            )
            for g in gws:
                g.stop()
            # b) one through PgBouncer on the primary, one on the replica
            pooled = {"PGRST_DB_PREPARED_STATEMENTS": "false", "PGRST_DB_CHANNEL_ENABLED": "false"}
            gws = [gateway(scaled.pooler_url, pooled),
                   gateway(scaled.replica_url, {"PGRST_DB_CHANNEL_ENABLED": "false"})]  # fmt: skip
            time.sleep(1)
            wrk_many([(g + "/", half) for g in gws], env, 2, script)
            results["b) replica-routed (primary + replica)"] = wrk_many(
                [(g + "/", half) for g in gws], env, args.duration, script
            )
            # c) the replica's gateway alone
            results["c) replica only (1 gateway)"] = wrk_many(
                [(gws[1] + "/", args.clients)], env, args.duration, script
            )
        finally:
            for g in gws:
                g.stop()
        with (
            psycopg.connect(args.db.rsplit("/", 1)[0] + "/postgres", autocommit=True) as p,
            psycopg.connect(scaled.replica_url, autocommit=True) as r,
        ):
            row = p.execute("select pg_current_wal_lsn()::text").fetchone()
            assert row is not None
            lag_row = r.execute(
                "select pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", (row[0],)
            ).fetchone()
            lag = int(lag_row[0]) if lag_row and lag_row[0] is not None else -1

    print(f"wrk, {args.clients} connections in all, {args.duration}s each, GET available_slots "
          f"(one court, 12 hours, {len(paths)} requests), a player with a session")  # fmt: skip
    print(f"{'layout':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, r in results.items():
        print(f"{label:40} {r['rps']:9.0f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} {r['errors']:7d}")
    a = results["a) single primary (2 gateways)"]["rps"]
    b = results["b) replica-routed (primary + replica)"]["rps"]
    print(f"replica-routed / single primary: {b / a:.2f}; replica replay lag after the runs: "
          f"{lag} bytes")  # fmt: skip
    print("SCALEDJSON " + json.dumps({
        "primary_rps": a, "primary_p99": results["a) single primary (2 gateways)"]["p99_ms"],
        "routed_rps": b, "routed_p99": results["b) replica-routed (primary + replica)"]["p99_ms"],
        "replica_rps": results["c) replica only (1 gateway)"]["rps"],
        "replica_p99": results["c) replica only (1 gateway)"]["p99_ms"],
        "ratio": b / a, "lag_bytes": lag,
        "errors": sum(r["errors"] for r in results.values()),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
