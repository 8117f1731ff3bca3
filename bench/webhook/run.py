"""Benchmark: Stripe webhook events applied per second by the webhook service.

usage: .venv/bin/python bench/webhook/run.py [--url postgresql://postgres@127.0.0.1:54350/wh_bench]
    [--events 2000] [--concurrency 16] [--warmup 100]

Deploys the plan into the database (deploy/local/db.sh; JWT_SECRET from the
environment or the local default), writes N pending bookings (one held slot each)
with their recorded PaymentIntents, starts the real webhook service
(`courtbook-webhook`: uvicorn, as webhook_service, on a free port), and posts one
signed `payment_intent.succeeded` per booking from a bounded concurrent client
(httpx, --concurrency requests in flight). The service verifies the signature,
stores the event and applies it (booking confirmed, slots booked, history and
notification rows, their jobs deferred) before it answers 200, so the time until
the last answer is the time until all are applied; the database is checked after.
Then every event is delivered again (Stripe's redeliveries): each must answer
`duplicate` and change nothing. Prints one line per phase; --json adds a JSON line.

The client runs on the same machine as the service and PostgreSQL: on a small
machine it takes a share of the CPU, so the figure is a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.webhook.helpers import event, pi_object, signed  # noqa: E402

SECRET = "whsec_bench_webhook"
PI_PREFIX = "pi_whbench"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_role(url: str, role: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}@{rest.split('@', 1)[-1]}"


def seed(url: str, n: int) -> list[tuple[str, int]]:
    """N pending bookings of one slot each, with a recorded PaymentIntent: (pi, amount)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from procrastinate.procrastinate_jobs")
        owner = conn.execute(
            "insert into data.app_user (email, password_hash, full_name, role)"
            " values ('whbench-owner-' || gen_random_uuid() || '@example.test', 'x', 'Bench',"
            " 'owner') returning id"
        ).fetchone()[0]  # type: ignore[index]
        player = conn.execute(
            "insert into data.app_user (email, password_hash, full_name)"
            " values ('whbench-player-' || gen_random_uuid() || '@example.test', 'x', 'Bench')"
            " returning id"
        ).fetchone()[0]  # type: ignore[index]
        venue = conn.execute(
            "insert into data.venue (owner_id, name, address, city, lat, lng, timezone)"
            " values (%s, 'Webhook bench', 'A', 'C', 40.4, -3.7, 'Europe/Madrid') returning id",
            (owner,),
        ).fetchone()[0]  # type: ignore[index]
        court = conn.execute(
            "insert into data.court (venue_id, name, sport)"
            " values (%s, 'wh-' || gen_random_uuid(), 'padel') returning id",
            (venue,),
        ).fetchone()[0]  # type: ignore[index]
        conn.execute(
            "insert into data.slot (court_id, start_at, end_at, price_cents, status,"
            " held_until, held_by)"
            " select %s, t, t + interval '30 minutes', 2000, 'held', now() + interval '1 hour', %s"
            " from (select date_trunc('hour', now()) + interval '2 days'"
            "       + i * interval '30 minutes' as t from generate_series(0, %s - 1) i) s",
            (court, player, n),
        )
        conn.execute(
            "with b as (insert into data.booking (player_id, venue_id, status, amount_cents,"
            "  currency, held_until)"
            "  select %s, %s, 'pending', 2000, 'EUR', now() + interval '1 hour'"
            "  from generate_series(1, %s) returning id),"
            " nb as (select id, row_number() over (order by id) as k from b),"
            " ns as (select id, row_number() over (order by start_at) as k from data.slot"
            "        where court_id = %s),"
            " bs as (insert into data.booking_slot (booking_id, slot_id, price_cents)"
            "        select nb.id, ns.id, 2000 from nb join ns using (k))"
            " insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents,"
            "  currency)"
            " select nb.id, %s || '_' || nb.id, 2000, 'EUR' from nb",
            (player, venue, n, court, PI_PREFIX),
        )
        conn.execute("vacuum analyze")
        rows = conn.execute(
            "select p.stripe_payment_intent_id, p.amount_cents from data.payment p"
            " join data.booking b on b.id = p.booking_id where b.venue_id = %s order by p.id",
            (venue,),
        ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


def start_service(url: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STRIPE_", "WEBHOOK_", "DATABASE_URL"))
    }
    env.update(
        DATABASE_URL=as_role(url, "webhook_service"),
        JWT_SECRET=os.environ.get("JWT_SECRET") or "local-dev-secret-change-me-0123456789abcdef",
        STRIPE_SECRET_KEY="sk_test_bench",
        STRIPE_PUBLISHABLE_KEY="pk_test_bench",
        STRIPE_WEBHOOK_SECRET=SECRET,
        STRIPE_API_BASE="http://127.0.0.1:9",  # never called while receiving events
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )
    log = Path(tempfile.mkstemp(prefix="webhook-bench-", suffix=".log")[1])
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/courtbook-webhook")],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the webhook service exited; see {log}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return proc, base, log
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"the webhook service did not start; see {log}")
        time.sleep(0.1)


def make_events(intents: list[tuple[str, int]]) -> list[tuple[bytes, dict[str, str]]]:
    return [
        signed(event("payment_intent.succeeded", pi_object(pi, amount)), secret=SECRET)
        for pi, amount in intents
    ]


async def deliver(
    base: str, events: list[tuple[bytes, dict[str, str]]], concurrency: int
) -> tuple[float, list[float], list[dict[str, Any]]]:
    """Post every event, at most `concurrency` in flight; (seconds, latencies ms, answers)."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    queue: asyncio.Queue[tuple[bytes, dict[str, str]]] = asyncio.Queue()
    for item in events:
        queue.put_nowait(item)
    latencies: list[float] = []
    answers: list[dict[str, Any]] = []

    async def client(c: httpx.AsyncClient) -> None:
        while True:
            try:
                body, headers = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.perf_counter()
            resp = await c.post("/stripe/webhook", content=body, headers=headers)
            latencies.append((time.perf_counter() - t0) * 1000)
            if resp.status_code != 200:
                raise RuntimeError(f"the service answered {resp.status_code}: {resp.text}")
            answers.append(resp.json())

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as c:
        started = time.perf_counter()
        await asyncio.gather(*(client(c) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies, answers


def p99(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(0.99 * len(values)))]


def state(url: str) -> tuple[int, int, int]:
    """(bookings confirmed, events applied, history rows) of the bench's bookings."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "select"
            " (select count(*) from data.booking b join data.payment p on p.booking_id = b.id"
            "   where p.stripe_payment_intent_id like %s and b.status = 'confirmed'"
            "   and p.status = 'succeeded'),"
            " (select count(*) from data.stripe_event where object_id like %s"
            "   and applied_at is not null and outcome = 'confirmed'),"
            " (select count(*) from data.booking_history h join data.payment p"
            "   on p.booking_id = h.booking_id where p.stripe_payment_intent_id like %s)",
            (PI_PREFIX + "%",) * 3,
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:54350/wh_bench")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--json", action="store_true", help="also print a JSON line")
    args = parser.parse_args()
    env = {
        **os.environ,
        "JWT_SECRET": os.environ.get("JWT_SECRET") or "local-dev-secret-change-me-0123456789abcdef",
    }
    subprocess.run(
        [str(ROOT / "deploy/local/db.sh"), args.url], check=True, env=env, capture_output=True
    )
    intents = seed(args.url, args.warmup + args.events)
    warm, measured = make_events(intents[: args.warmup]), make_events(intents[args.warmup :])
    proc, base, log = start_service(args.url)
    try:
        asyncio.run(deliver(base, warm, args.concurrency))
        before = state(args.url)
        secs, lat, answers = asyncio.run(deliver(base, measured, args.concurrency))
        after = state(args.url)
        confirmed = after[0] - before[0]
        bad = [a for a in answers if a.get("outcome") != "confirmed" or a.get("duplicate")]
        if confirmed != args.events or after[1] - before[1] != args.events or bad:
            print(
                f"FAILED: {confirmed} of {args.events} bookings confirmed, "
                f"{len(bad)} unexpected answers (e.g. {bad[:2]}); service log {log}",
                file=sys.stderr,
            )
            return 1
        dsecs, dlat, danswers = asyncio.run(deliver(base, measured, args.concurrency))
        again = state(args.url)
        dbad = [
            a for a in danswers if not a.get("duplicate") or a.get("outcome") != "already_applied"
        ]
        if again != after or dbad:
            print(f"FAILED: redelivery changed something ({after} -> {again}) or {dbad[:2]}")
            return 1
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    result = {
        "events": args.events,
        "concurrency": args.concurrency,
        "applied_per_s": args.events / secs,
        "p99_ms": p99(lat),
        "duplicates_per_s": args.events / dsecs,
        "duplicates_p99_ms": p99(dlat),
    }
    print(
        f"webhook: {args.events} payment_intent.succeeded applied in {secs:.2f} s"
        f" = {result['applied_per_s']:.0f} events/s (p99 {result['p99_ms']:.1f} ms,"
        f" {args.concurrency} in flight); all {args.events} bookings confirmed"
    )
    print(
        f"webhook: the same {args.events} redelivered in {dsecs:.2f} s"
        f" = {result['duplicates_per_s']:.0f} events/s (p99 {result['duplicates_p99_ms']:.1f} ms);"
        f" all answered duplicate, nothing changed"
    )
    if args.json:
        print("WEBHOOKJSON " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
