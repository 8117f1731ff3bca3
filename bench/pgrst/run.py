"""pgrst benchmark: pgbench vs pgrst vs a minimal Starlette endpoint, at 16 clients.

Run by hand (not part of the test suite):

    .venv/bin/python -m bench.pgrst.run                      # own fixture database
    .venv/bin/python -m bench.pgrst.run --courtbook-db URL    # courtbook's real api.hold_slots

Scenarios (each --duration seconds, --clients connections):
  a) pgbench: BEGIN; the settings PostgREST makes (role, claims, method, path, headers,
     cookies, search_path); SELECT api.hold_slots(ARRAY[slot]); COMMIT  -- each its own slot
     (courtbook: the db-pre-request api.check_session() too, a player of its own each)
  a2) the same statements in one pipeline (\\startpipeline), as pgrst sends them
  b) pgrst:   wrk POST /rpc/hold_slots {"slot_ids":[id]} with a player JWT, own slot each
  c) minimal: same wrk script against bench/pgrst/minimal_app.py (c1 plain transaction,
     c2 pipelined)
  d) pgrst read: wrk GET /rpc/available_slots?... (a STABLE function, READ ONLY transaction)
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.pgrst_server import (  # noqa: E402
    COURTBOOK_PRE_REQUEST,
    free_port,
    start_pgrst,
)

HERE = Path(__file__).resolve().parent
SECRET = "bench-secret-0123456789abcdef-0123456789"
ADMIN = os.environ.get("COURTBOOK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:54350/postgres")


def with_db(url: str, dbname: str, user: str | None = None) -> str:
    scheme, rest = url.split("://", 1)
    creds_host = rest.rsplit("/", 1)[0]
    host = creds_host.split("@", 1)[-1]
    userpart = user or (creds_host.split("@", 1)[0] if "@" in creds_host else "postgres")
    return f"{scheme}://{userpart}@{host}/{dbname}"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(q / 100 * (len(values) - 1)))))
    return values[k]


# Courtbook mode: a player of its own for every hold (the hold caps of issue 16 allow a
# player two pending holds), each with a live session, so the db-pre-request's session
# lookup is what production pays. Player n: sub PLAYER_UUID % n, sid SESSION_UUID % n.
PLAYER_UUID = "b0000000-0000-0000-0000-{:012d}"
SESSION_UUID = "b1000000-0000-0000-0000-{:012d}"
PLAYER_CLAIMS_SQL = (
    '\'{{"role":"player","sub":"b0000000-0000-0000-0000-\' '
    "|| lpad((:idx + {offset})::text, 12, '0') "
    "|| '\",\"sid\":\"b1000000-0000-0000-0000-' || lpad((:idx + {offset})::text, 12, '0') "
    '|| \'","email":"bench@example.test","exp":{exp}}}\''
)


def player_claims(n: int, exp: int) -> dict[str, Any]:
    return {"role": "player", "sub": PLAYER_UUID.format(n), "sid": SESSION_UUID.format(n),
            "email": "bench@example.test", "exp": exp}  # fmt: skip


def seed_players(su_url: str, count: int) -> None:
    """`count` players with a live session each (PLAYER_UUID, SESSION_UUID)."""
    with psycopg.connect(su_url, autocommit=True) as conn:
        conn.execute(
            "insert into data.app_user (id, email, password_hash, full_name, role) "
            "select format('b0000000-0000-0000-0000-%%s', lpad(i::text, 12, '0'))::uuid, "
            "'hold' || i || '@bench.test', 'x', 'Hold ' || i, 'player' "
            "from generate_series(0, %s - 1) i on conflict do nothing",
            (count,),
        )
        conn.execute(
            "insert into data.session (id, user_id, refresh_hash, refresh_expires_at) "
            "select format('b1000000-0000-0000-0000-%%s', lpad(i::text, 12, '0'))::uuid, "
            "format('b0000000-0000-0000-0000-%%s', lpad(i::text, 12, '0'))::uuid, "
            "sha256(('bench-refresh-' || i)::bytea), now() + interval '1 day' "
            "from generate_series(0, %s - 1) i on conflict do nothing",
            (count,),
        )
        conn.execute("vacuum analyze data.app_user, data.session")


def run_wrk(url: str, script: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    cmd = [
        "wrk", f"-t{args.threads}", f"-c{args.clients}", f"-d{args.duration}s",
        "--latency", "-s", str(HERE / script), url,
    ]  # fmt: skip
    out = subprocess.run(
        cmd, env={**os.environ, **env, "BENCH_THREADS": str(args.threads)},
        capture_output=True, text=True, timeout=args.duration + 60,
    )  # fmt: skip
    m = re.search(r"WRKJSON (\{.*\})", out.stdout)
    if not m:
        raise RuntimeError(f"wrk failed:\n{out.stdout}\n{out.stderr}")
    data = json.loads(m.group(1))
    secs = data["duration_us"] / 1e6
    return {
        "rps": data["requests"] / secs,
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": data["errors"] + data["non2xx"],
        "requests": data["requests"],
    }


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(
    pid: int, url: str, script: str, env: dict[str, str], args: argparse.Namespace
) -> dict[str, Any]:
    """run_wrk plus the gateway process's CPU time per request (robust on a busy machine)."""
    before = proc_cpu_seconds(pid)
    res = run_wrk(url, script, env, args)
    res["cpu_us"] = (proc_cpu_seconds(pid) - before) / max(1, res["requests"]) * 1e6
    return res


def run_pgbench(db_url: str, ids: list[int], role: str, claims: str, fn: str,
                arg: str, args: argparse.Namespace, players: bool = False,
                pre_request: str | None = None, pipelined: bool = False,
                player_offset: int = 0) -> dict[str, Any]:  # fmt: skip
    """The hold as pgbench sends it: BEGIN, the settings PostgREST makes, the pre-request (when
    the gateway has one), the call, COMMIT, each statement its own round trip as PostgREST
    sends them. With `players`, every transaction is the player of its id's position plus
    `player_offset` (claims with sub and sid, as `player_claims`); otherwise one claims
    string for all. `pipelined`: the same statements in one pipeline, as pgrst sends them
    (one implicit transaction, committed at the Sync: one round trip instead of five)."""
    tmp = Path(tempfile.mkdtemp(prefix="pgrst-bench-"))
    # one id table so every transaction gets its own slot: client c, nth transaction
    per_client = len(ids) // args.clients
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS public.pgrst_bench_ids")
        conn.execute("CREATE TABLE public.pgrst_bench_ids (idx int PRIMARY KEY, slot_id bigint)")
        with conn.cursor().copy("COPY public.pgrst_bench_ids FROM STDIN") as cp:
            for i, sid in enumerate(ids):
                cp.write_row((i, sid))
        conn.execute("GRANT SELECT ON public.pgrst_bench_ids TO PUBLIC")
    headers = json.dumps({"content-type": "application/json", "authorization": "Bearer x"})
    script = tmp / "hold.sql"
    claims_sql = f"'{claims}'"
    if players:
        # the claims of player :idx, in the order pgrst serialises them (PLAYER_CLAIMS)
        claims_sql = PLAYER_CLAIMS_SQL.format(exp=json.loads(claims)["exp"], offset=player_offset)
    settings = (
        "SELECT set_config('search_path', '\"api\", \"public\"', true), "
        f"set_config('role', '{role}', true), "
        f"set_config('request.jwt.claims', {claims_sql}, true), "
        "set_config('request.method', 'POST', true), "
        f"set_config('request.path', '/rpc/{fn.split('.')[-1]}', true), "
        f"set_config('request.headers', '{headers}', true), "
        "set_config('request.cookies', '{}', true);\n"
    )
    call = (
        f"SELECT {fn}({arg} := ARRAY[(SELECT slot_id FROM public.pgrst_bench_ids "
        "WHERE idx = :idx)]);\n"
    )
    pre = f"SELECT {pre_request}();\n" if pre_request else ""
    head = f"\\set n :n + 1\n\\set idx :client_id * {per_client} + :n\n"
    if pipelined:
        script.write_text(f"{head}\\startpipeline\n{settings}{pre}{call}\\endpipeline\n")
    else:
        script.write_text(f"{head}BEGIN;\n{settings}{pre}{call}COMMIT;\n")
    cmd = [
        "pgbench", "-n", "-M", "prepared", "-c", str(args.clients), "-j", str(args.threads),
        "-T", str(args.duration), "-D", "n=0", "-f", str(script), "-l",
        "--log-prefix", str(tmp / "log"), db_url,
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 60)
    if out.returncode != 0:
        raise RuntimeError(f"pgbench failed:\n{out.stdout}\n{out.stderr}")
    lat: list[float] = []
    for f in tmp.glob("log*"):
        for line in f.read_text().splitlines():
            parts = line.split()
            lat.append(int(parts[2]) / 1000)
    tps = float(re.search(r"tps = ([\d.]+)", out.stdout).group(1))  # type: ignore[union-attr]
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    return {
        "rps": tps,
        "p50_ms": percentile(lat, 50),
        "p99_ms": percentile(lat, 99),
        "errors": int(failed.group(1)) if failed else 0,
        "requests": len(lat),
    }


def start_minimal(
    db_url: str, fn: str, pipeline: bool, pre_request: str | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ, "MINIMAL_DB_URI": db_url, "MINIMAL_JWT_SECRET": SECRET,
        "MINIMAL_HOLD_FN": fn, "MINIMAL_PIPELINE": "1" if pipeline else "0",
        "MINIMAL_PRE_REQUEST": pre_request or "",
    }  # fmt: skip
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/python"), "-m", "uvicorn", "bench.pgrst.minimal_app:app",
         "--host", "127.0.0.1", "--port", str(port), "--loop", "uvloop", "--http", "httptools",
         "--no-access-log", "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("minimal app did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--courtbook-db", help="superuser URL of a throwaway courtbook database")
    ap.add_argument("--authenticator", default=None, help="login role pgrst connects as")
    ap.add_argument("--anon-role", default=None)
    ap.add_argument("--player-role", default=None)
    ap.add_argument("--sub", default=None, help="JWT sub of the player (courtbook mode)")
    ap.add_argument("--slot-sql", default=None, help="query returning available slot ids")
    ap.add_argument("--read-path", default=None, help="read RPC path for scenario d")
    ap.add_argument("--rounds", type=int, default=3, help="repeat b/c/d; report medians")
    ap.add_argument("--keep-db", action="store_true")
    args = ap.parse_args()

    fn, arg = "api.hold_slots", "slot_ids"
    per_scenario = 12_000 * max(1, args.duration)  # ids per scenario (~12k req/s ceiling)
    nchunks = 1 + 3 * args.rounds
    # pgbench (chunk 0) gets a double share: it is the fastest scenario
    created: str | None = None
    if args.courtbook_db:
        su_url = args.courtbook_db
        authenticator = args.authenticator or "authenticator"
        anon = args.anon_role or "anon"
        player = args.player_role or "player"
        with psycopg.connect(su_url) as conn:
            row = conn.execute(
                "select id::text from data.app_user where role = 'player' order by created_at "
                "limit 1"
            ).fetchone()
        sub = args.sub or (row[0] if row else str(uuid.uuid4()))
        slot_sql = args.slot_sql or (
            "select id from data.slot where start_at > now() + interval '1 hour' "
            "and (status = 'available' or (status = 'held' and held_until < now())) "
            "order by random()"
        )
        t0 = time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(time.time() + 86400))
        t1 = time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(time.time() + 8 * 86400))
        read_path = args.read_path or f"/rpc/available_slots?venue_id=1&from={t0}&to={t1}"
    else:
        name = f"pgrst_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created = su_url = with_db(ADMIN, name)
        if not args.keep_db:
            atexit.register(_drop, name)
        with psycopg.connect(su_url, autocommit=True) as conn:
            conn.execute((HERE / "schema.sql").read_text())
            conn.execute(
                "INSERT INTO api.slot (id, court_id, start_at) SELECT g, g %% 50, "
                "'2030-01-01'::timestamptz + g * interval '1 minute' "
                "FROM generate_series(1, %s) g",
                (per_scenario * (nchunks + 1),),
            )
            conn.execute("VACUUM ANALYZE api.slot")
        authenticator, anon, player = (
            "pgrst_bench_authenticator", "pgrst_bench_anon", "pgrst_bench_player",
        )  # fmt: skip
        sub = str(uuid.uuid4())
        slot_sql = "select id from api.slot where status = 'available' order by id"
        read_path = args.read_path or "/rpc/available_slots?court=7&lim=20"

    claims = {"role": player, "sub": sub, "email": "bench@example.test",
              "exp": int(time.time()) + 7200}  # fmt: skip
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    with psycopg.connect(su_url) as conn:
        all_ids = [r[0] for r in conn.execute(slot_sql).fetchall()]
    if args.courtbook_db:
        per_scenario = len(all_ids) // (nchunks + 1)
    chunks = [all_ids[: 2 * per_scenario]] + [
        all_ids[(i + 1) * per_scenario : (i + 2) * per_scenario] for i in range(1, nchunks)
    ]
    if len(chunks[-1]) < per_scenario // 2:
        print(f"warning: only {len(all_ids)} available slots; some requests may conflict")
    auth_url = with_db(su_url, su_url.rsplit("/", 1)[1], authenticator)
    results: dict[str, dict[str, Any]] = {}
    claims_json = json.dumps({**claims, "role": player})
    # courtbook: a player (with a session) per slot id, by its position in all_ids; the
    # session check runs as the db-pre-request, as docker-compose.yml and make run set it
    pre_request = COURTBOOK_PRE_REQUEST if args.courtbook_db else None
    offsets = [0] + [(i + 1) * per_scenario for i in range(1, nchunks)]
    if args.courtbook_db:
        seed_players(su_url, len(all_ids))

    print(f"pgbench / wrk, {args.clients} clients, {args.threads} threads, {args.duration}s each")
    half = len(chunks[0]) // 2
    results["a) pgbench hold (direct)"] = run_pgbench(
        su_url, chunks[0][:half], player, claims_json, fn, arg, args,
        players=bool(args.courtbook_db), pre_request=pre_request,
    )  # fmt: skip
    # the same transaction in one round trip, as pgrst pipelines it
    results["a2) pgbench hold (direct, pipelined)"] = run_pgbench(
        su_url, chunks[0][half:], player, claims_json, fn, arg, args,
        players=bool(args.courtbook_db), pre_request=pre_request, pipelined=True,
        player_offset=half,
    )  # fmt: skip

    def ids_file(ids: list[int]) -> str:  # noqa: ANN202
        f = tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False)
        f.write("\n".join(str(i) for i in ids) + "\n")
        f.close()
        return f.name

    def tokens_file(chunk: int) -> str:
        """One token per id of the chunk: the player of each id's position in all_ids."""
        if not args.courtbook_db:
            return ""
        f = tempfile.NamedTemporaryFile("w", suffix=".tokens", delete=False)
        f.write("\n".join(
            jwt.encode(player_claims(offsets[chunk] + j, claims["exp"]), SECRET, algorithm="HS256")
            for j in range(len(chunks[chunk]))) + "\n")  # fmt: skip
        f.close()
        return f.name

    hold_env = {"BENCH_TOKEN": token, "BENCH_PATH": "/rpc/hold_slots", "BENCH_ARG": arg}
    runs: dict[str, list[dict[str, Any]]] = {}
    handle = start_pgrst(
        auth_url, schemas="api", anon_role=anon, jwt_secret=SECRET, pool=10,
        pre_request=pre_request,
    )  # fmt: skip
    time.sleep(1)  # let the pool finish opening its connections
    minimal_labels = {
        "c1) minimal endpoint (transaction)": False,
        "c2) minimal endpoint (pipelined)": True,
    }
    order = ["b) pgrst hold", *minimal_labels, "d) pgrst read (GET rpc)"]
    try:
        for rnd in range(args.rounds):
            # rotate the order each round so no scenario always runs first
            for label in order[rnd % len(order) :] + order[: rnd % len(order)]:
                if label.startswith("d)"):
                    env = {"BENCH_TOKEN": token, "BENCH_PATH": read_path}
                    runs.setdefault(label, []).append(
                        measured(handle.proc.pid, handle + read_path, "read.lua", env, args)
                    )
                    continue
                idx = 1 + 3 * rnd + order.index(label)
                env = {**hold_env, "BENCH_IDS_FILE": ids_file(chunks[idx]),
                       "BENCH_TOKENS_FILE": tokens_file(idx)}  # fmt: skip
                if label.startswith("b)"):
                    runs.setdefault(label, []).append(
                        measured(handle.proc.pid, handle, "hold.lua", env, args)
                    )
                    continue
                proc, base = start_minimal(auth_url, fn, minimal_labels[label], pre_request)
                try:
                    runs.setdefault(label, []).append(
                        measured(proc.pid, base, "hold.lua", env, args)
                    )
                finally:
                    proc.terminate()
                    proc.wait(timeout=10)
            print(f"round {rnd + 1}/{args.rounds}: " + ", ".join(
                f"{k[:2]} {v[-1]['rps']:.0f}/s" for k, v in sorted(runs.items())))  # fmt: skip
    finally:
        handle.stop()
    for label, lst in runs.items():
        results[label] = {
            "rps": statistics.median(x["rps"] for x in lst),
            "p50_ms": statistics.median(x["p50_ms"] for x in lst),
            "p99_ms": statistics.median(x["p99_ms"] for x in lst),
            "errors": sum(x["errors"] for x in lst),
            "cpu_us": statistics.median(x["cpu_us"] for x in lst),
        }

    print(f"\nmedians of {args.rounds} rounds (pgbench: one run)")
    print(
        f"{'scenario':38} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'gw CPU us/req':>14}"
    )
    for label in sorted(results):
        r = results[label]
        cpu = f"{r['cpu_us']:14.0f}" if "cpu_us" in r else f"{'-':>14}"
        print(
            f"{label:38} {r['rps']:9.0f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
            f"{r['errors']:7d} {cpu}"
        )
    b = results["b) pgrst hold"]["rps"]
    best_min = max(results["c1) minimal endpoint (transaction)"]["rps"],
                   results["c2) minimal endpoint (pipelined)"]["rps"])  # fmt: skip
    print("\nratios")
    print(
        f"  pgrst / pgbench                  {b / results['a) pgbench hold (direct)']['rps']:.2f}"
    )
    a2 = results["a2) pgbench hold (direct, pipelined)"]["rps"]
    print(f"  pgrst / pgbench pipelined        {b / a2:.2f}")
    print(f"  pgrst / minimal (transaction)    "
          f"{b / results['c1) minimal endpoint (transaction)']['rps']:.2f}")  # fmt: skip
    print(f"  pgrst / minimal (pipelined)      "
          f"{b / results['c2) minimal endpoint (pipelined)']['rps']:.2f}")  # fmt: skip
    print(f"  pgrst / best minimal             {b / best_min:.2f}  (goal >= 0.8)")
    ok = (b / best_min >= 0.8 and b >= 2000 and results["b) pgrst hold"]["p99_ms"] < 50
          and results["d) pgrst read (GET rpc)"]["p99_ms"] < 50
          and all(r["errors"] == 0 for r in results.values()))  # fmt: skip
    print(f"  goals met: {ok}")
    cpu_b = results["b) pgrst hold"]["cpu_us"]
    cpu_c = min(results[k]["cpu_us"] for k in minimal_labels)
    print(f"  gateway CPU per hold: pgrst {cpu_b:.0f} us, best minimal {cpu_c:.0f} us "
          f"(pgrst costs {cpu_b / cpu_c:.2f}x)")  # fmt: skip
    _ = created


def _drop(name: str) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
