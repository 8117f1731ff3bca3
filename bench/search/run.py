"""The marketplace search on a city's worth of data (issue 17), run by hand (`make bench`).

    .venv/bin/python -m bench.search.run --db postgresql://postgres@127.0.0.1:54349/DB

DB is a throwaway database with the sqitch plan deployed. The run:

1. builds a synthetic city (bench/search/city.sql): 2,000 venues within 30 km, 4 courts
   each, 30 days of 60-minute slots (3.6 million), 20 % booked;
2. measures, in the same run and at the same concurrency,
   a) api.search_slots (5 km, padel, a 2-hour window, a random point and day) and
   b) the one-venue api.available_slots (padel, the same kind of window), directly with
      pgbench (bench/search/search.sql, available.sql: the role and claims PostgREST sets)
      and through the gateway with wrk (GET /rpc/..., 2,000 different requests each);
3. prints the plan the function runs (auto_explain of its nested query: no sequential
   scan of data.slot), and the widest search the contract allows (50 km, 24 hours,
   500 rows, every sport).

The figures: tx/s, average, p50 and p99 latency; the goal is search_slots' p99 at most
3x the one-venue read's p99 in the same run (through the gateway, and direct).
A last line `SEARCHJSON {...}` carries them for bench/run.sh.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.pgrst_server import start_pgrst  # noqa: E402

HERE = Path(__file__).resolve().parent
CENTRE = (40.4168, -3.7038)
SECRET = os.environ.get("JWT_SECRET", "local-dev-secret-change-me-0123456789abcdef")
OWNER = "00000000-0000-0000-0000-00000000c17e"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1)))))]


def seed(db: str) -> float:
    """The city, unless this database already has it; the seconds it took."""
    with psycopg.connect(db) as conn:
        row = conn.execute("select count(*) from data.venue where owner_id = %s", (OWNER,))
        if row.fetchone() != (0,):
            return 0.0
    t0 = time.monotonic()
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", db,
         "-f", str(HERE / "city.sql")],
        check=True,
    )  # fmt: skip
    return time.monotonic() - t0


def pgbench(db: str, script: str, args: argparse.Namespace, defs: dict[str, int]) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="search-bench-"))
    cmd = [
        "pgbench", "-n", "-M", "prepared", "-c", str(args.clients), "-j", str(args.threads),
        "-T", str(args.duration), "-f", str(HERE / script), "-l", "--log-prefix",
        str(tmp / "log"), *[f"-D{k}={v}" for k, v in defs.items()], db,
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 120)
    if out.returncode != 0:
        raise RuntimeError(f"pgbench failed:\n{out.stdout}\n{out.stderr}")
    lat = [
        int(line.split()[2]) / 1000 for f in tmp.glob("log*") for line in f.read_text().splitlines()
    ]
    for f in tmp.glob("log*"):
        f.unlink()
    tmp.rmdir()
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    return {
        "tps": float(re.search(r"tps = ([\d.]+)", out.stdout).group(1)),  # type: ignore[union-attr]
        "avg_ms": sum(lat) / len(lat),
        "p50_ms": percentile(lat, 50),
        "p99_ms": percentile(lat, 99),
        "errors": int(failed.group(1)) if failed else 0,
    }


def wrk(base: str, paths: list[str], args: argparse.Namespace) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as f:
        f.write("\n".join(paths) + "\n")
    cmd = [
        "wrk", f"-t{args.threads}", f"-c{args.clients}", f"-d{args.duration}s", "--latency",
        "-s", str(HERE / "paths.lua"), base,
    ]  # fmt: skip
    out = subprocess.run(
        cmd, env={**os.environ, "BENCH_PATHS_FILE": f.name}, capture_output=True, text=True,
        timeout=args.duration + 60,
    )  # fmt: skip
    os.unlink(f.name)
    m = re.search(r"WRKJSON (\{.*\})", out.stdout)
    if not m:
        raise RuntimeError(f"wrk failed:\n{out.stdout}\n{out.stderr}")
    data = json.loads(m.group(1))
    return {
        "tps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": data["errors"] + data["non2xx"],
    }


def windows(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """n random 2-hour windows on days 1..28, starting 08:00..20:00 UTC (as the scripts)."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    out = []
    for _ in range(n):
        start = today + timedelta(days=rng.randint(1, 28), hours=rng.randint(8, 20))
        out.append((start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")))  # fmt: skip
    return out


def search_paths(rng: random.Random, n: int) -> list[str]:
    paths = []
    for start, end in windows(rng, n):
        lat = CENTRE[0] + rng.randint(-14000, 14000) / 111200.0
        lng = CENTRE[1] + rng.randint(-14000, 14000) / 84700.0
        paths.append(
            f"/rpc/search_slots?lat={lat:.6f}&lng={lng:.6f}&radius_km=5"
            f"&from={start}&to={end}&sport=padel"
        )
    return paths


def available_paths(rng: random.Random, n: int, venues: tuple[int, int]) -> list[str]:
    return [
        f"/rpc/available_slots?venue_id={rng.randint(*venues)}&from={s}&to={e}&sport=padel"
        for s, e in windows(rng, n)
    ]


def plan(db: str) -> list[str]:
    """The plan of the query api.search_slots runs, as auto_explain logs it (nested)."""
    messages: list[str] = []
    with psycopg.connect(db) as conn:
        conn.add_notice_handler(lambda d: messages.append(d.message_primary or ""))
        for sql in (
            "load 'auto_explain'",
            "set auto_explain.log_min_duration = 0",
            "set auto_explain.log_nested_statements = on",
            "set auto_explain.log_analyze = on",
            "set auto_explain.log_buffers = on",
            "set auto_explain.log_timing = off",
            "set client_min_messages = log",
            "set role anon",
        ):
            conn.execute(sql)
        conn.execute(
            "select count(*) from api.search_slots(40.43, -3.69, 5, "
            "date_trunc('day', now()) + interval '3 days 19 hours', "
            "date_trunc('day', now()) + interval '3 days 21 hours', 'padel')"
        )
    text = next(m for m in messages if "CTE near" in m)
    return text[text.index("\nLimit") + 1 :].splitlines()


def widest(db: str) -> dict[str, Any]:
    """The widest search the contract allows, five times in one session: ms and rows."""
    times, rows = [], 0
    with psycopg.connect(db) as conn:
        conn.execute("set role anon")
        for day in range(1, 6):
            t0 = time.perf_counter()
            rows = len(conn.execute(
                "select * from api.search_slots(%s, %s, 50, "
                "date_trunc('day', now()) + make_interval(days => %s), "
                "date_trunc('day', now()) + make_interval(days => %s + 1), \"limit\" => 500)",
                (*CENTRE, day, day),
            ).fetchall())  # fmt: skip
            times.append((time.perf_counter() - t0) * 1000)
    return {"avg_ms": sum(times) / len(times), "max_ms": max(times), "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", required=True, help="superuser URL of a throwaway courtbook database")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    print("building the city (2,000 venues, 8,000 courts, 3.6 million slots) ...", file=sys.stderr)
    seeded = seed(args.db)
    with psycopg.connect(args.db) as conn:
        venues = conn.execute(
            "select min(id), max(id), count(*) from data.venue where owner_id = %s", (OWNER,)
        ).fetchone()
        slots, booked = conn.execute(
            "select count(*), count(*) filter (where status = 'booked') from data.slot"
        ).fetchone()  # type: ignore[misc]
        rows = conn.execute(
            "select avg(n) from (select (select count(*) from api.search_slots("
            "40.4168 + dy / 111200.0, -3.7038 + dx / 84700.0, 5, "
            "date_trunc('day', now()) + interval '5 days 19 hours', "
            "date_trunc('day', now()) + interval '5 days 21 hours', 'padel')) as n "
            "from (values (0, 0), (5000, -3000), (-9000, 7000), (12000, 12000)) p(dy, dx)) x"
        ).fetchone()[0]  # type: ignore[index]
    assert venues is not None
    first, last = int(venues[0]), int(venues[1])
    defs = {"first_venue": first, "last_venue": last}

    results: dict[str, dict] = {}
    print("pgbench: search_slots, available_slots ...", file=sys.stderr)
    for script in ("search.sql", "available.sql"):  # warm-up: plans cached, pages in memory
        pgbench(args.db, script, argparse.Namespace(**{**vars(args), "duration": 2}), defs)
    results["search_slots direct (pgbench)"] = pgbench(args.db, "search.sql", args, defs)
    results["available_slots direct (pgbench)"] = pgbench(args.db, "available.sql", args, defs)

    print("wrk through the gateway: search_slots, available_slots ...", file=sys.stderr)
    rng = random.Random(17)
    authenticator = args.db.replace("postgres@", "authenticator@", 1)
    handle = start_pgrst(authenticator, schemas="api", anon_role="anon", jwt_secret=SECRET, pool=10)
    try:
        time.sleep(1)
        spaths, apaths = search_paths(rng, 2000), available_paths(rng, 2000, (first, last))
        short = argparse.Namespace(**{**vars(args), "duration": 2})
        wrk(handle, spaths, short)
        wrk(handle, apaths, short)
        results["search_slots via the gateway (wrk)"] = wrk(handle, spaths, args)
        results["available_slots via the gateway (wrk)"] = wrk(handle, apaths, args)
    finally:
        handle.stop()

    steps = plan(args.db)
    seq_scans = sum(1 for line in steps if re.search(r"Seq Scan on slot\b", line))
    wide = widest(args.db)
    ratio_gw = (
        results["search_slots via the gateway (wrk)"]["p99_ms"]
        / results["available_slots via the gateway (wrk)"]["p99_ms"]
    )
    ratio_direct = (
        results["search_slots direct (pgbench)"]["p99_ms"]
        / results["available_slots direct (pgbench)"]["p99_ms"]
    )

    print(
        f"\nmarketplace search — {datetime.now(UTC):%Y-%m-%d %H:%M UTC} — {os.cpu_count()} cores, "
        f"load average at the end {os.getloadavg()[0]:.1f}"
    )
    print(
        f"city: {venues[2]} venues within 30 km, {slots} slots "
        f"({100 * booked / slots:.0f} % booked)"
        + (f", built in {seeded:.0f} s" if seeded else ", already built")
    )
    print(
        f"a 5 km padel search for 2 hours returns {float(rows):.0f} slots on average "
        "(the default limit is 100)"
    )
    print(f"{args.clients} clients, {args.duration} s per run\n")
    print(f"{'run':40} {'req/s':>9} {'avg ms':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, r in results.items():
        avg = f"{r['avg_ms']:8.2f}" if "avg_ms" in r else f"{'-':>8}"
        print(
            f"{label:40} {r['tps']:9.0f} {avg} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
            f"{r['errors']:7d}"
        )
    print(
        f"\np99 search_slots / p99 available_slots: {ratio_gw:.2f} through the gateway, "
        f"{ratio_direct:.2f} direct (goal: at most 3)"
    )
    print(
        f"widest search allowed (50 km, 24 h, every sport, 500 rows): avg {wide['avg_ms']:.1f} ms, "
        f"max {wide['max_ms']:.1f} ms, {wide['rows']} rows"
    )
    print(f"sequential scans of data.slot in the plan: {seq_scans}")
    print("\nthe plan api.search_slots runs (5 km, padel, 2 hours; auto_explain, nested):")
    print("\n".join("    " + line for line in steps))
    summary = {
        "search_gw_rps": results["search_slots via the gateway (wrk)"]["tps"],
        "search_gw_p99": results["search_slots via the gateway (wrk)"]["p99_ms"],
        "avail_gw_p99": results["available_slots via the gateway (wrk)"]["p99_ms"],
        "search_direct_tps": results["search_slots direct (pgbench)"]["tps"],
        "search_direct_p99": results["search_slots direct (pgbench)"]["p99_ms"],
        "avail_direct_p99": results["available_slots direct (pgbench)"]["p99_ms"],
        "ratio_gw": ratio_gw,
        "ratio_direct": ratio_direct,
        "seq_scans": seq_scans,
        "slots": slots,
        "wide_ms": wide["avg_ms"],
    }
    print("SEARCHJSON " + json.dumps(summary))


if __name__ == "__main__":
    main()
