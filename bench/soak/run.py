"""`make soak` (issue 22): the whole local stack under a bounded load, with faults on a
schedule, then the audit of every invariant; one table; exit 1 when a line is not 0.

    SOAK_MINUTES=10       minutes of load (the faults are spread over them; the load runs
                          on until the last fault is over plus 15 s)
    SOAK_USERS=16         simulated players (plus 4 racers and the demo owner)
    SOAK_FAULTS=all       all, none, or a comma list of pg_fast, webhook_kill,
                          pg_immediate, worker_kill, refund_worker_kill, pgrst_restart,
                          stripe_down
    SOAK_GRACE_SECONDS=5  a failed request is allowed up to this long after a fault
    SOAK_DRAIN_SECONDS=120  the bounded wait for the worker and the deliveries at the end
    SOAK_PG_PORT          the soak's own cluster (default: a free port)
    SOAK_SEED=1

.venv/bin/python -m bench.soak.run   (bench/soak/run.sh clears the stack's settings first)
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
# The services (console scripts of a shared editable venv) run this checkout's code, as
# tests/conftest.py arranges for the tests.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *(p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)]
)

from bench.soak import audit, report  # noqa: E402
from bench.soak.faults import ALL, FaultLog, Faults, monitor, schedule  # noqa: E402
from bench.soak.load import Endpoints, Load  # noqa: E402
from bench.soak.stack import SoakStack, soak_stack  # noqa: E402
from tests.support.money import assert_money_matches  # noqa: E402
from tests.support.pgrst_server import free_port  # noqa: E402

DRAINED_SQL = """
select (select count(*) from procrastinate.procrastinate_jobs
         where status = 'doing' or (status = 'todo' and coalesce(scheduled_at, now()) <= now()))
     + (select count(*) from data.notification where sent_at is null)
"""
MONEY_SQL = """
select b.id from data.booking b
 where exists (select from data.payment p where p.booking_id = b.id)
    or exists (select from data.share_payment p where p.booking_id = b.id
                and p.stripe_payment_intent_id is not null)
 order by b.id
"""


@dataclass
class Config:
    minutes: float
    users: int
    faults: list[str]
    grace: float
    drain: float
    pg_port: int
    seed: int

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ
        names = env.get("SOAK_FAULTS", "all").strip()
        faults = list(ALL) if names == "all" else [] if names in ("", "none") else names.split(",")
        unknown = set(faults) - set(ALL)
        if unknown:
            raise SystemExit(f"SOAK_FAULTS: unknown {', '.join(sorted(unknown))}")
        return cls(
            minutes=float(env.get("SOAK_MINUTES", "10")),
            users=int(env.get("SOAK_USERS", "16")),
            faults=faults,
            grace=float(env.get("SOAK_GRACE_SECONDS", "5")),
            drain=float(env.get("SOAK_DRAIN_SECONDS", "120")),
            pg_port=int(env.get("SOAK_PG_PORT") or free_port()),
            seed=int(env.get("SOAK_SEED", "1")),
        )


def say(msg: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def backlog(db_url: str) -> int:
    try:
        with psycopg.connect(db_url, autocommit=True, connect_timeout=5) as conn:
            return int(conn.execute(DRAINED_SQL).fetchone()[0])  # type: ignore[index]
    except psycopg.Error:
        return -1


async def drain(soak: SoakStack, seconds: float) -> str:
    """Wait (bounded) until every event is delivered and the worker has nothing due."""
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    while time.monotonic() < deadline:
        left = await asyncio.to_thread(backlog, soak.db_url)
        if left == 0 and soak.delivery.stats.pending == 0:
            return f"drained in {time.monotonic() - started:.0f} s"
        await asyncio.sleep(1)
    return (
        f"not drained after {seconds:.0f} s: {await asyncio.to_thread(backlog, soak.db_url)} "
        f"jobs or notifications, {soak.delivery.stats.pending} events left"
    )


REFUND_SQL = {
    "refund_payment": "select status::text from data.refund where id = %s",
    "refund_share_payment": "select status::text from data.share_refund where id = %s",
}


def refunds_not_finished(soak: SoakStack, log: FaultLog) -> list[str]:
    """The refunds a worker was killed in the middle of, unless they succeeded since (that
    they were made once at Stripe is the money line's check)."""
    out = []
    with psycopg.connect(soak.db_url, autocommit=True) as conn:
        for fault in log.faults:
            if fault.refund_job is None:
                continue
            task, args = fault.refund_job
            sql = REFUND_SQL[task.rsplit(":", 1)[-1]]
            row = conn.execute(sql, (args["refund_id"],)).fetchone()
            status = row[0] if row else "missing"
            if status != "succeeded":
                out.append(f"{task} refund_id={args['refund_id']}: {status}")
    return out


def money_differences(soak: SoakStack) -> list[str]:
    """Bookings whose money at the local Stripe differs from courtbook's (money.py), a few
    bookings at a time."""
    with psycopg.connect(soak.db_url, autocommit=True) as conn:
        ids = [int(r[0]) for r in conn.execute(MONEY_SQL).fetchall()]

    def check(booking_id: int) -> str | None:
        try:
            assert_money_matches(soak.stack.stripe, soak.db_url, booking_id)
        except AssertionError as exc:
            return str(exc)
        return None

    with ThreadPoolExecutor(4) as pool:
        return [what for what in pool.map(check, ids) if what]


async def sleep_until(t: float) -> None:
    await asyncio.sleep(max(0.0, t - time.time()))


async def soak_run(soak: SoakStack, cfg: Config) -> int:
    stack = soak.stack
    load = Load(Endpoints(stack.pgrst, stack.webhook, soak.stripe_api), cfg.users, cfg.seed)
    players, racers, owner = await load.prepare()
    log = FaultLog()
    faults = Faults(soak, log)
    load_seconds = cfg.minutes * 60
    say(f"load: {len(players)} players, {len(racers)} racers, the owner; {load_seconds:.0f} s")
    t0 = time.time()
    loads = [os.getloadavg()[0]]
    stop_monitor = asyncio.Event()
    watching = asyncio.create_task(monitor(soak, log, stop_monitor))
    users = asyncio.create_task(load.run(players, racers, owner))
    last_end = t0
    for offset, name in schedule(cfg.faults, load_seconds):
        await sleep_until(t0 + offset)
        say(f"fault {name}")
        fault = await faults.run(name)
        say(f"fault {name} over after {fault.end - fault.start:.1f} s: {fault.detail}")
        last_end = fault.end
    await sleep_until(max(t0 + load_seconds, last_end + 15 if cfg.faults else 0))
    load.stop.set()
    await users
    t_load = time.time()
    loads.append(os.getloadavg()[0])
    say("load stopped; draining")
    drained = await drain(soak, cfg.drain)
    say(drained)
    stop_monitor.set()
    await watching

    lines = audit.run_audit(soak.db_url)
    bad = report.failures_outside(load.rec, soak.delivery.failures, log.windows(cfg.grace), t0)
    wrong = report.unexpected_4xx(load.rec)
    started = time.monotonic()
    money = await asyncio.to_thread(money_differences, soak)
    say(f"money of every paid booking checked at the local Stripe in "
        f"{time.monotonic() - started:.0f} s")  # fmt: skip
    unfinished = await asyncio.to_thread(refunds_not_finished, soak, log)
    missed = [f.name for f in log.faults if not f.happened]
    lines += [
        (f"5xx or no answer outside the fault windows (+{cfg.grace:g} s)", len(bad)),
        ("4xx answers a healthy system does not give (unexpected codes)", len(wrong)),
        ("services that died on their own", len(log.deaths)),
        ("scheduled faults that could not happen", len(missed)),
        ("races won by two players at once", load.rec.races_won_twice),
        ("bookings whose money at Stripe differs from courtbook's", len(money)),
        ("refunds a worker was killed in the middle of, not finished", len(unfinished)),
        ("Stripe events the delivery proxy could not deliver", soak.delivery.stats.pending),
    ]
    seconds = t_load - t0
    print(f"\n## soak: {seconds:.0f} s of load, {len(players)} players + {len(racers)} racers "
          f"+ the owner; {drained}\n")  # fmt: skip
    mean = sum(log.loads) / max(1, len(log.loads))
    print(f"machine: {os.cpu_count()} cores; 1-minute load average {loads[0]:.1f} at the start "
          f"of the load, {loads[1]:.1f} at its end, mean {mean:.1f} and max "
          f"{max(log.loads, default=0):.1f} over the run (the soak's stack, its users and "
          f"anything else running)\n")  # fmt: skip
    print(report.audit_table(lines))
    print(f"\n### requests ({seconds:.0f} s)\n")
    print(report.requests_table(load.rec, seconds))
    began = time.strftime("%H:%M:%S", time.localtime(t0))
    print(f"\n### faults (seconds from the start of the load at {began})\n")
    print(report.timeline(log, t0))
    print(f"\nStripe event delivery: {report.delivery_line(soak.delivery.stats)}")
    print(f"races: {load.rec.races}; paid bookings not seen confirmed within 30 s: "
          f"{load.rec.confirm_timeouts}")  # fmt: skip
    print("what the users did: " + ", ".join(f"{k} {v}" for k, v in
                                             sorted(load.rec.outcomes.items())))  # fmt: skip
    print("4xx answers (kind, status, code):\n" + report.client_errors(load.rec))
    for what in bad[:20]:
        print(f"outside a fault window: {what}")
    for w in wrong[:20]:
        print(f"unexpected: {w.kind} {w.status} {w.code or '-'}, {w.t0 - t0:.1f} s")
    for what in money[:20]:
        print(f"money: {what}")
    for what in unfinished:
        print(f"refund not finished: {what}")
    for what in missed:
        print(f"fault that could not happen: {what}")
    return 0 if all(n == 0 for _, n in lines) else 1


def main() -> int:
    cfg = Config.from_env()
    say(f"cluster on 127.0.0.1:{cfg.pg_port}; faults: {', '.join(cfg.faults) or 'none'}")
    with soak_stack(cfg.pg_port, seed=cfg.seed) as soak:
        say(f"stack up: pgrst {soak.stack.pgrst}, webhook {soak.stack.webhook}")
        code = asyncio.run(soak_run(soak, cfg))
        say("stopping the stack")
    say("stopped; the cluster is gone (service logs in .run/soak-logs/)")
    return code


if __name__ == "__main__":
    sys.exit(main())
