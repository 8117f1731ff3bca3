"""Benchmark: holds expired per second by the worker's expire_holds task.

usage: .venv/bin/python bench/worker/expire_holds.py [--url postgresql://postgres@127.0.0.1:54350/wk_bench]
    [--holds 5000] [--slots-per-hold 2] [--batch 500]

Deploys the plan into the database (deploy/local/db.sh, JWT_SECRET from the
environment or a local default), writes N lapsed pending holds (no PaymentIntent)
at one venue, then runs a real procrastinate worker in-process (as worker_service)
on one expire_holds job and prints the figure. Every expired hold is a booking
cancelled, its slots freed, its history row and its hold_expired notification
(plus that notification's deferred job) written.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
for name in (
    "WORKER_EXPIRE_HOLDS_CRON",
    "WORKER_RECONCILE_CRON",
    "WORKER_HORIZON_CRON",
    "WORKER_PAYOUT_CRON",
    "WORKER_STALLED_CHECK_CRON",
):
    os.environ[name] = "0 0 1 1 *"  # no periodic defers during the run


def seed(url: str, holds: int, slots_per_hold: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from procrastinate.procrastinate_jobs")
        owner = conn.execute(
            "insert into data.app_user (email, password_hash, full_name, role)"
            " values ('bench-owner-' || gen_random_uuid() || '@example.test', 'x', 'Bench',"
            " 'owner')"
            " returning id"
        ).fetchone()[0]
        player = conn.execute(
            "insert into data.app_user (email, password_hash, full_name)"
            " values ('bench-player-' || gen_random_uuid() || '@example.test', 'x', 'Bench')"
            " returning id"
        ).fetchone()[0]
        venue = conn.execute(
            "insert into data.venue (owner_id, name, address, city, lat, lng, timezone)"
            " values (%s, 'Bench', 'A', 'C', 40.4, -3.7, 'Europe/Madrid') returning id",
            (owner,),
        ).fetchone()[0]
        court = conn.execute(
            "insert into data.court (venue_id, name, sport) values (%s, 'bench-' ||"
            " gen_random_uuid(),"
            " 'padel') returning id",
            (venue,),
        ).fetchone()[0]
        n = holds * slots_per_hold
        conn.execute(
            "insert into data.slot (court_id, start_at, end_at, price_cents, status,"
            " held_until, held_by)"
            " select %s, t, t + interval '30 minutes', 1000, 'held', now() - interval '1"
            " minute', %s"
            " from (select date_trunc('hour', now()) + interval '2 days' + i * interval '30"
            " minutes' as t"
            "       from generate_series(0, %s - 1) i) s",
            (court, player, n),
        )
        conn.execute(
            "with b as (insert into data.booking (player_id, venue_id, status, amount_cents,"
            " currency, held_until)"
            "  select %s, %s, 'pending', 1000 * %s, 'EUR', now() - interval '1 minute'"
            "  from generate_series(1, %s) returning id),"
            " nb as (select id, row_number() over (order by id) - 1 as k from b),"
            " ns as (select id, row_number() over (order by start_at) - 1 as k from data.slot"
            "        where court_id = %s)"
            " insert into data.booking_slot (booking_id, slot_id, price_cents)"
            " select nb.id, ns.id, 1000 from nb join ns on ns.k / %s = nb.k",
            (player, venue, slots_per_hold, holds, court, slots_per_hold),
        )


def lapsed(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "select count(*) from data.booking where status = 'pending' and held_until < now()"
        ).fetchone()
    return int(row[0]) if row else 0


async def run(url: str, batch: int) -> tuple[int, float]:
    from procrastinate import PsycopgConnector

    from service_common.stripe_config import StripeConfig
    from worker.app import configure
    from worker.config import WorkerSettings
    from worker.tasks.expire_holds import expire_holds

    worker_url = url.replace("://postgres@", "://worker_service@", 1)
    connector = PsycopgConnector(
        conninfo=worker_url,
        kwargs={"options": "-c search_path=procrastinate,pg_catalog"},
        min_size=1,
        max_size=4,
    )
    never = "0 0 1 1 *"
    settings = WorkerSettings.from_env(
        {"DATABASE_URL": worker_url, "WORKER_STALLED_CHECK_CRON": never}
        | {f"WORKER_{n}_CRON": never for n in ("EXPIRE_HOLDS", "RECONCILE", "HORIZON", "PAYOUT")}
    )
    # no Stripe call is made by expiring holds without a PaymentIntent
    app = configure(settings, StripeConfig(secret_key="sk_test_bench"), connector=connector)
    async with app.open_async():
        await expire_holds.defer_async(timestamp=0, batch_size=batch)
        started = time.perf_counter()
        await app.run_worker_async(
            queues=["maintenance"],
            wait=False,
            install_signal_handlers=False,
            listen_notify=False,
            delete_jobs="never",
        )
        elapsed = time.perf_counter() - started
    return lapsed(url), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:54350/wk_bench")
    parser.add_argument("--holds", type=int, default=5000)
    parser.add_argument("--slots-per-hold", type=int, default=2)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    env = {
        **os.environ,
        "JWT_SECRET": os.environ.get("JWT_SECRET") or "local-dev-secret-change-me-0123456789abcdef",
    }
    subprocess.run(
        [str(ROOT / "deploy/local/db.sh"), args.url], check=True, env=env, capture_output=True
    )
    seed(args.url, args.holds, args.slots_per_hold)
    before = lapsed(args.url)
    left, elapsed = asyncio.run(run(args.url, args.batch))
    expired = before - left
    print(
        f"expire_holds: {expired} holds ({args.slots_per_hold} slots each) expired in"
        f" {elapsed:.2f} s"
        f" = {expired / elapsed:.0f} holds/s (batch {args.batch})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
