"""Accounts benchmark (issue 15; run by hand or by `make bench`, never by `make test`).

    .venv/bin/python -m bench.accounts.run --url postgresql://postgres@127.0.0.1:54349/db

`--url` is a database with the sqitch plan deployed (bench/run.sh makes a fresh one).
Two measurements, each in one run so the figures compare:

1. No account enumeration by timing: the median wall time of `api.login` for an
   unknown email beside a known email with a wrong password (and the right one),
   and of `api.request_password_reset` for an unknown email beside a known one.
   Every call is one transaction as PostgREST makes it (role anon, claims and
   headers set locally, the call, COMMIT, so a write's WAL flush counts), the
   kinds interleaved call by call, each call on an email of its own (no throttle
   window is ever hit).
2. The cost of the session check (`api.check_session`, PostgREST's db-pre-request)
   on the hold path (`api.hold_slots`, a fresh slot each time, a random one of
   100,000 players with the quotas at their highest, so none is met) and the read
   path (`api.available_slots`, one court, one day, as a logged-in player):
   pgbench, each request one pipeline as pgrst sends it (BEGIN, role and claims,
   the check, the call, COMMIT), the same scripts with and without the check,
   rounds interleaved (without, with, without, with), 100,000 live sessions in
   data.session. Also the plan of the check's lookup.

Prints a table and one line `ACCOUNTSJSON {...}` for bench/run.sh.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg

PLAYERS = 100_000
PASSWORD = "benchpass1"

SEED = """
insert into data.app_user (id, email, password_hash, full_name, role)
select ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, 'hold' || i || '@bench.test',
       'x', 'Bench ' || i, 'player'
from generate_series(0, {players} - 1) i;
insert into data.session (id, user_id, refresh_hash, refresh_expires_at)
select ('10000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid,
       ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid,
       digest('bench-refresh-' || i, 'sha256'), now() + interval '30 days'
from generate_series(0, {players} - 1) i;
insert into data.app_user (id, email, password_hash, full_name, role)
values ('00000000-0000-0000-0000-ffffffffffff', 'owner@bench.test', 'x', 'Bench owner', 'owner');
insert into data.venue (owner_id, name, address, city, lat, lng, timezone)
values ('00000000-0000-0000-0000-ffffffffffff', 'Bench accounts', 'A', 'Madrid', 40.4, -3.7,
        'Europe/Madrid');
insert into data.court (venue_id, name, sport)
select (select id from data.venue where name = 'Bench accounts'), 'Court ' || i, 'padel'
from generate_series(1, 100) i;
insert into data.slot (court_id, start_at, end_at, price_cents)
select c.id, date_trunc('hour', now()) + interval '1 day' + k * interval '15 minutes',
       date_trunc('hour', now()) + interval '1 day' + (k + 1) * interval '15 minutes', 1000
from data.court c, generate_series(0, {per_court} - 1) k
where c.venue_id = (select id from data.venue where name = 'Bench accounts')
order by c.id, k;
-- Accounts for the timing runs: a real bcrypt (cost 10) password each.
insert into data.app_user (email, password_hash, full_name, role)
select 'known' || i || '@bench.test', (select data.hash_password('{password}')), 'Known ' || i,
       'player'
from generate_series(0, {known} - 1) i;
create schema bench;
create sequence bench.slot_seq;
select setval('bench.slot_seq', (select min(id) from data.slot));
grant usage on schema bench to player;
grant usage on sequence bench.slot_seq to player;
-- A random one of 100,000 players per hold: the quotas at their highest, so no player
-- ever meets one (the check's cost is measured, not the quota's refusals).
update data.platform_settings set max_pending_holds = 20, max_held_slots = 48;
"""

# One PostgREST request each, as pgrst sends it: one pipeline of BEGIN, the role and
# claims (with sid) set for the transaction, with the check `select
# api.check_session()` (the db-pre-request), the call, COMMIT.
CLAIMS = (
    '\'{"role":"player","sub":"00000000-0000-0000-0000-\' || lpad(:p::text, 12, \'0\')'
    " || '\",\"sid\":\"10000000-0000-0000-0000-' || lpad(:p::text, 12, '0') || '\"}'"
)
HOLD = """\\set p random(0, {players_max})
\\startpipeline
begin;
select set_config('role', 'player', true), set_config('request.jwt.claims', {claims}, true);
{check}select api.hold_slots(array[nextval('bench.slot_seq')]);
commit;
\\endpipeline
"""
# The check alone, one client: what it adds to one request, without contention.
ALONE = """\\set p random(0, {players_max})
\\startpipeline
begin;
select set_config('role', 'player', true), set_config('request.jwt.claims', {claims}, true);
{check}select 1;
commit;
\\endpipeline
"""
READ = """\\set p random(0, {players_max})
\\startpipeline
begin;
select set_config('role', 'player', true), set_config('request.jwt.claims', {claims}, true);
{check}select count(*)
from api.available_slots(court_id => {court}, "from" => '{start}', "to" => '{end}');
commit;
\\endpipeline
"""


def timed_calls(url: str, calls: int) -> dict[str, float]:
    """Median milliseconds per kind, the kinds interleaved call by call."""
    login, reset = "select api.login(%s, %s)", "select api.request_password_reset(%s)"
    kinds = {
        "login_unknown": (login, lambda i: (f"ghost{i}@bench.test", "wrongpass1")),
        "login_wrong_password": (login, lambda i: (f"known{i}@bench.test", "wrongpass1")),
        "login_right_password": (login, lambda i: (f"known{calls + i}@bench.test", PASSWORD)),
        "reset_unknown": (reset, lambda i: (f"nobody{i}@bench.test",)),
        "reset_known": (reset, lambda i: (f"known{2 * calls + i}@bench.test",)),
    }
    times: dict[str, list[float]] = {k: [] for k in kinds}
    names = list(kinds)
    with psycopg.connect(url) as conn:
        for i in range(-3, calls):  # three warm-up rounds, not counted
            order = names[i % len(names) :] + names[: i % len(names)]
            for name in order:
                sql, args = kinds[name]
                t0 = time.perf_counter()
                with conn.transaction():
                    conn.execute(
                        "select set_config('role', 'anon', true),"
                        " set_config('request.jwt.claims', '{\"role\":\"anon\"}', true),"
                        " set_config('request.headers', '{\"user-agent\":\"bench\"}', true)"
                    )
                    conn.execute(sql, args(i if i >= 0 else 3 * calls + 10 + i))
                if i >= 0:
                    times[name].append((time.perf_counter() - t0) * 1000)
    return {name: statistics.median(v) for name, v in times.items()}


def pgbench(url: str, script: str, duration: int, clients: int, work: Path) -> dict[str, float]:
    path = work / "script.sql"
    path.write_text(script)
    out = subprocess.run(
        ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(duration),
         "-f", str(path), url],
        capture_output=True, text=True, cwd=work, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"pgbench failed:\n{out.stdout}\n{out.stderr}")
    tps = float(re.search(r"^tps = ([0-9.]+)", out.stdout, re.M).group(1))  # type: ignore[union-attr]
    lat = float(re.search(r"latency average = ([0-9.]+) ms", out.stdout).group(1))  # type: ignore[union-attr]
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    return {"tps": tps, "latency_ms": lat, "failed": int(failed.group(1)) if failed else 0}


def check_cost(url: str, duration: int, clients: int, rounds: int) -> dict[str, Any]:
    with psycopg.connect(url) as conn:
        court, start = conn.execute(
            "select c.id, min(s.start_at) from data.court c join data.slot s on s.court_id = c.id"
            " group by c.id order by c.id limit 1"
        ).fetchone()  # type: ignore[misc]
        plan = conn.execute(
            "explain (costs off) select s.revoked_at is not null from data.session s"
            " where s.id = %s::uuid",
            ("10000000-0000-0000-0000-000000000007",),
        ).fetchall()
    claims = CLAIMS
    check = "select api.check_session();\n"
    scripts = {
        "hold": lambda c: HOLD.format(claims=claims, check=c, players_max=PLAYERS - 1),
        "read": lambda c: READ.format(
            claims=claims, check=c, players_max=PLAYERS - 1, court=court,
            start=start.isoformat(), end=(start + timedelta(days=1)).isoformat(),
        ),
    }  # fmt: skip
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for path_name, make in scripts.items():
            # warm-up: plans cached, the index in memory
            pgbench(url, make(check), 2, clients, work)
            runs: dict[str, list[dict[str, float]]] = {"without": [], "with": []}
            for _ in range(rounds):
                runs["without"].append(pgbench(url, make(""), duration, clients, work))
                runs["with"].append(pgbench(url, make(check), duration, clients, work))
            for variant, rs in runs.items():
                results[f"{path_name}_{variant}_tps"] = statistics.mean(r["tps"] for r in rs)
                results[f"{path_name}_{variant}_ms"] = statistics.mean(r["latency_ms"] for r in rs)
                results[f"{path_name}_{variant}_failed"] = sum(r["failed"] for r in rs)
            results[f"{path_name}_cost_pct"] = 100 * (
                results[f"{path_name}_without_tps"] / results[f"{path_name}_with_tps"] - 1
            )
            results[f"{path_name}_cost_ms"] = (
                results[f"{path_name}_with_ms"] - results[f"{path_name}_without_ms"]
            )
        alone = {
            variant: statistics.median(
                pgbench(url, ALONE.format(claims=claims, check=c, players_max=PLAYERS - 1),
                        max(2, duration // 2), 1, work)["latency_ms"]
                for _ in range(3)
            )
            for variant, c in (("without", ""), ("with", check))
        }  # fmt: skip
        results["alone_us"] = 1000 * (alone["with"] - alone["without"])
        results["alone_without_ms"] = alone["without"]
    results["plan"] = " / ".join(row[0].strip() for row in plan)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--calls", type=int, default=int(os.environ.get("BENCH_ACCOUNTS_CALLS", "60")))
    ap.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "10")))
    ap.add_argument("--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", "16")))
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()

    holds = 2 * args.rounds * (args.duration + 1) * 4000 + 20_000
    with psycopg.connect(args.url, autocommit=True) as conn:
        conn.execute(
            SEED.format(
                players=PLAYERS,
                players_max=PLAYERS - 1,
                per_court=holds // 100 + 1,
                password=PASSWORD,
                known=3 * args.calls + 20,
            )  # fmt: skip
        )
        conn.execute("vacuum analyze")
    timing = timed_calls(args.url, args.calls)
    cost = check_cost(args.url, args.duration, args.clients, args.rounds)

    def ratio(a: str, b: str) -> float:
        return timing[a] / timing[b]

    figures = {
        **timing,
        "login_ratio": ratio("login_unknown", "login_wrong_password"),
        "reset_ratio": ratio("reset_unknown", "reset_known"),
        **cost,
        "calls": args.calls,
    }
    print(f"accounts benchmark: {args.calls} calls of each kind, interleaved; medians")
    print(f"  login, unknown email                {timing['login_unknown']:8.1f} ms")
    print(f"  login, known email, wrong password  {timing['login_wrong_password']:8.1f} ms")
    print(f"  login, known email, right password  {timing['login_right_password']:8.1f} ms")
    print(f"  unknown / wrong password            {figures['login_ratio']:8.2f}")
    print(f"  request_password_reset, unknown     {timing['reset_unknown']:8.1f} ms")
    print(f"  request_password_reset, known       {timing['reset_known']:8.1f} ms")
    print(f"  unknown / known                     {figures['reset_ratio']:8.2f}")
    print(
        f"session check, pgbench {args.clients} clients,"
        f" {args.rounds} x {args.duration}s per variant"
    )
    for p in ("hold", "read"):
        print(
            f"  {p}: without {cost[p + '_without_tps']:.0f} tx/s"
            f" ({cost[p + '_without_ms']:.2f} ms), with {cost[p + '_with_tps']:.0f} tx/s"
            f" ({cost[p + '_with_ms']:.2f} ms):"
            f" {cost[p + '_cost_pct']:+.1f} % ({cost[p + '_cost_ms']:+.3f} ms);"
            f" failed {cost[p + '_without_failed']}/{cost[p + '_with_failed']}"
        )
    print(
        f"  the check alone, 1 client: +{cost['alone_us']:.0f} µs per request"
        f" (a request doing nothing else: {cost['alone_without_ms']:.3f} ms)"
    )
    print(f"  the check's lookup: {cost['plan']}")
    print("ACCOUNTSJSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
