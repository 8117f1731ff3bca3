"""PostgreSQL restarts under running services (issue 22: services recover by themselves).

A throwaway cluster of this module's own (deploy/local/pg.sh on a free port, a copy of
the session's template database in it), because the tests stop and start it: the
session's cluster stays untouched. Against it:

- the worker process (`python -m worker.main`), started once, outlives PostgreSQL stopped
  in fast and in immediate mode and started again: a notification written afterwards is
  delivered within a bounded wait, by the same process, which logs its reconnects;
- a refund in flight through a restart is finished once;
- the webhook service's pool hands out no dead connection after a restart: the first
  request once PostgreSQL is back is answered (its pool checks a connection before
  lending it).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.support import db
from tests.support.db import JWT_SECRET
from tests.support.pgrst_server import free_port
from tests.worker.conftest import ROOT, WorkerProcess, wait_for, worker_env, worker_url
from tests.worker.seed import Seed

PG_SH = ROOT / "deploy" / "local" / "pg.sh"


@dataclass
class Cluster:
    data_dir: Path
    port: int

    def url(self, dbname: str = "courtbook", user: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def pg_sh(self, *args: str) -> None:
        subprocess.run(
            [str(PG_SH), args[0], str(self.data_dir), str(self.port), *args[1:]],
            check=True,
            capture_output=True,
            timeout=120,
            # Read at initdb only: a throwaway cluster need not survive an OS crash
            # (fsync off), but it must keep what it committed through `pg_ctl stop -m
            # immediate`, a crash of PostgreSQL: with synchronous_commit off the last
            # commits may be lost then (PostgreSQL's "Asynchronous Commit"), a sent
            # notification's sent_at with them, and at-least-once delivery would
            # rightly send it again where this test counts each mail once.
            env=dict(os.environ, PG_EXTRA_CONF="fsync = off"),
        )

    def start(self) -> None:
        self.pg_sh("start")

    def stop(self, mode: str) -> None:
        self.pg_sh("stop", mode)


@pytest.fixture(scope="module")
def cluster(courtbook_template: str) -> Iterator[Cluster]:
    """A cluster of its own holding a copy of the session's template (its roles by
    pg_dumpall, the database by pg_dump: seconds, where deploying the plan takes a minute)."""
    port = free_port()
    c = Cluster(ROOT / ".run" / f"restart-pg-{port}", port)
    with contextlib.suppress(subprocess.CalledProcessError):
        c.pg_sh("destroy")
    c.start()
    try:
        roles = subprocess.run(
            ["pg_dumpall", "--roles-only", "--dbname", db.admin_url()],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        # (`postgres` exists already: psql reports it and goes on)
        subprocess.run(
            ["psql", "-X", "-q", c.url("postgres")], input=roles, capture_output=True, text=True
        )
        one(c.url("postgres"), "create database courtbook")
        dump = subprocess.run(
            ["pg_dump", "--format=custom", db.url_for(courtbook_template)],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(
            ["pg_restore", "--exit-on-error", "--dbname", c.url()],
            input=dump,
            check=True,
            capture_output=True,
        )
        yield c
    finally:
        c.pg_sh("destroy")


def one(url: str, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """One value, on a connection of its own (a kept connection would die with the server)."""
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        cur = conn.execute(sql, params)  # type: ignore[arg-type]
        row = cur.fetchone() if cur.description else None
        return row[0] if row else None


def notify(url: str) -> int:
    """A notification for a new player: its trigger defers a deliver_notification job."""
    user = one(
        url,
        "insert into data.app_user (email, password_hash, full_name, role)"
        " values ('p-' || gen_random_uuid() || '@example.test', 'x', 'P', 'player')"
        " returning id",
    )
    return int(
        one(
            url,
            "insert into data.notification (user_id, kind) values (%s, 'booking_confirmed')"
            " returning id",
            (user,),
        )
    )


def delivered(url: str, notification: int) -> Callable[[], bool]:
    def check() -> bool:
        with contextlib.suppress(psycopg.OperationalError):
            return bool(
                one(
                    url,
                    "select sent_at is not null and last_error is null"
                    " from data.notification where id = %s",
                    (notification,),
                )
            )
        return False

    return check


def wait_until_up(cluster: Cluster) -> None:
    def up() -> bool:
        with contextlib.suppress(psycopg.OperationalError):
            return one(cluster.url(), "select 1") == 1
        return False

    wait_for(up, timeout=30)


def test_worker_resumes_after_postgres_restarts(
    cluster: Cluster, stripe_stub, tmp_path: Path
) -> None:
    stub, stripe_url = stripe_stub
    url = cluster.url()
    worker = WorkerProcess(
        worker_env(
            worker_url(url),
            stripe_url,
            WORKER_STALLED_CHECK_CRON="0 0 1 1 *",
            WORKER_RECONNECT_MAX_SECONDS="2",
        ),
        tmp_path / "worker.log",
    )
    try:
        first = notify(url)
        wait_for(delivered(url, first), timeout=30)
        for mode in ("fast", "immediate"):
            cluster.stop(mode)
            time.sleep(3)  # long enough for the worker's heartbeat, poll and listener to fail
            assert worker.proc.poll() is None, f"the worker exited ({mode}):\n{worker.output()}"
            cluster.start()
            wait_until_up(cluster)
            note = notify(url)
            try:
                wait_for(delivered(url, note), timeout=30)
            except AssertionError:
                raise AssertionError(
                    f"not delivered after a {mode} restart (worker exit code:"
                    f" {worker.proc.poll()}):\n{worker.output()[-6000:]}"
                ) from None
            assert worker.proc.poll() is None
        out = worker.output()
        assert out.count('"event":"worker_reconnecting"') >= 2, out[-6000:]
        assert out.count('"event":"worker_reconnected"') >= 2, out[-6000:]
        mails = [m.body["custom_args"]["notification_id"] for m in stub.of("POST", "/v3/mail/send")]
        assert len(mails) == len(set(mails)) == 3  # each once
        # Stopping it is still graceful: SIGTERM ends it at once, with 0.
        worker.proc.send_signal(signal.SIGTERM)
        assert worker.proc.wait(15) == 0, worker.output()[-3000:]
    finally:
        worker.stop()


def test_worker_waits_for_postgres_at_start(cluster: Cluster, stripe_stub, tmp_path: Path) -> None:
    """Started while PostgreSQL is down (a deploy starting everything at once), it waits."""
    stub, stripe_url = stripe_stub
    url = cluster.url()
    cluster.stop("fast")
    worker = WorkerProcess(
        worker_env(
            worker_url(url),
            stripe_url,
            WORKER_STALLED_CHECK_CRON="0 0 1 1 *",
            WORKER_RECONNECT_MAX_SECONDS="1",
        ),
        tmp_path / "worker.log",
    )
    try:
        # it tries, fails and waits (its first attempts, whenever its start-up gets there)
        wait_for(lambda: worker.output().count('"event":"worker_reconnecting"') >= 2, timeout=30)
        assert worker.proc.poll() is None, worker.output()
        cluster.start()
        wait_until_up(cluster)
        note = notify(url)
        wait_for(delivered(url, note), timeout=30)
        out = worker.output()
        assert out.index('"event":"worker_starting"') > out.index('"event":"worker_reconnecting"')
        starting = next(json.loads(line) for line in out.splitlines() if "worker_starting" in line)
        assert starting["attempts"] >= 2
    finally:
        worker.stop()


def test_a_refund_in_flight_through_a_restart_is_finished_once(
    cluster: Cluster, stripe_stub, tmp_path: Path
) -> None:
    """PostgreSQL stops while a refund job waits for Stripe's answer (Stripe has refunded,
    the answer is lost): the worker stops itself but first lets the job end, which records
    a retry once the pool reaches PostgreSQL again; the same worker process, reconnected,
    retries it with the same idempotency key: one refund at Stripe, the row succeeded, the
    player told once, no job left `doing`. (Down for longer than the pool's 30-second wait,
    the job could not even record its retry: it would stay `doing` until retry_stalled_jobs
    puts it back, as after a SIGKILL: test_robustness.py.)"""
    stub, stripe_url = stripe_stub
    url = cluster.url()
    seed = Seed(url)
    try:
        venue, court = seed.venue()
        paid = seed.paid_booking(venue, court)
        stub.add_intent(paid["pi"], 2000, "succeeded")
        stub.hang_refunds = 1  # carried out, the answer held back
        refund_id = seed.refund(paid["payment"])
    finally:
        seed.close()
    worker = WorkerProcess(
        worker_env(worker_url(url), stripe_url, WORKER_RECONNECT_MAX_SECONDS="1"),
        tmp_path / "worker.log",
    )
    try:
        wait_for(lambda: stub.of("POST", "/v1/refunds"), timeout=30)
        cluster.stop("fast")
        time.sleep(1)
        stub.released.set()  # Stripe's answer arrives while PostgreSQL is down
        time.sleep(2)
        cluster.start()
        wait_until_up(cluster)

        def refunded() -> bool:
            with contextlib.suppress(psycopg.OperationalError):
                status = one(
                    url, "select status::text from data.refund where id = %s", (refund_id,)
                )
                return status == "succeeded"
            return False

        try:
            wait_for(refunded, timeout=60)
        except AssertionError:
            raise AssertionError(worker.output()[-8000:]) from None
        posts = stub.of("POST", "/v1/refunds")
        assert len(posts) == 2 and len({p.headers["idempotency-key"] for p in posts}) == 1
        assert len(stub.refunds) == 1
        assert (
            one(
                url,
                "select count(*) from data.notification where booking_id = %s"
                " and kind = 'refund_issued'",
                (paid["booking"],),
            )
            == 1
        )
        wait_for(
            lambda: (
                one(
                    url,
                    "select count(*) from procrastinate.procrastinate_jobs where status = 'doing'",
                )
                == 0
            ),
            timeout=15,
        )
        assert worker.proc.poll() is None
    finally:
        worker.stop()


def test_webhook_pool_serves_the_first_request_after_a_restart(
    cluster: Cluster, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PGRST_", "STRIPE_", "WEBHOOK_", "WORKER_")) and k != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=cluster.url(user="webhook_service"),
        JWT_SECRET=JWT_SECRET,
        STRIPE_SECRET_KEY="sk_test_restart",
        STRIPE_PUBLISHABLE_KEY="pk_test_restart",
        STRIPE_WEBHOOK_SECRET="whsec_restart",
        STRIPE_API_BASE="http://127.0.0.1:9",
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_DB_POOL_MIN="3",
        PYTHONUNBUFFERED="1",
    )
    log = (tmp_path / "webhook.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "webhook.main"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    health = f"http://127.0.0.1:{port}/health"
    try:

        def ok() -> bool:
            with contextlib.suppress(httpx.HTTPError):
                return httpx.get(health, timeout=5).status_code == 200
            return False

        wait_for(ok, timeout=30)
        wait_for(
            lambda: (
                one(
                    cluster.url(),
                    "select count(*) from pg_stat_activity"
                    " where application_name = 'courtbook-webhook'",
                )
                >= 3
            ),
            timeout=10,
        )
        for mode in ("fast", "immediate"):
            cluster.stop(mode)
            assert httpx.get(health, timeout=15).status_code == 503  # down: an error, fine
            cluster.start()
            wait_until_up(cluster)
            # PostgreSQL is back: every answer from now on is right, the first one too.
            codes = [httpx.get(health, timeout=15).status_code for _ in range(5)]
            assert codes == [200] * 5, (mode, codes)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
