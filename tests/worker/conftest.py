"""Worker test fixtures: a fresh database per module, the recording Stripe stand-in,
worker subprocesses, and the app opened in-process against the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from procrastinate import PsycopgConnector

from tests.support import db
from tests.worker.seed import Seed
from tests.worker.stripe_stub import StripeStub, serve

ROOT = Path(__file__).resolve().parents[2]
NEVER = "0 0 1 1 *"  # periodic tasks stay quiet unless a test asks for them
QUIET_CRONS = {
    name: NEVER
    for name in (
        "WORKER_EXPIRE_HOLDS_CRON",
        "WORKER_RECONCILE_CRON",
        "WORKER_HORIZON_CRON",
        "WORKER_PAYOUT_CRON",
        "WORKER_STALLED_CHECK_CRON",
        "WORKER_SPLIT_SWEEP_CRON",
        "WORKER_NOTIFY_SWEEP_CRON",
    )
}


def worker_url(superuser_url: str) -> str:
    return superuser_url.replace("://postgres@", "://worker_service@", 1)


@pytest.fixture(scope="module")
def seed(courtbook_db: str) -> Iterator[Seed]:
    s = Seed(courtbook_db)
    yield s
    s.close()


@pytest.fixture
def stripe_stub() -> Iterator[tuple[StripeStub, str]]:
    stub = StripeStub()
    server, url = serve(stub)
    yield stub, url
    stub.released.set()
    server.shutdown()
    server.server_close()


def worker_env(database_url: str, stripe_url: str, **extra: str) -> dict[str, str]:
    never = NEVER
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STRIPE_SECRET_KEY": "sk_test_worker",
        "STRIPE_API_BASE": stripe_url,
        "STRIPE_MAX_NETWORK_RETRIES": "0",
        "STRIPE_TIMEOUT_SECONDS": "30",
        "SENDGRID_API_KEY": "SG.test",
        "NOTIFY_EMAIL_FROM": "noreply@courtbook.test",
        "SENDGRID_API_BASE": stripe_url,
        "WORKER_POLL_SECONDS": "0.5",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_STALLED_SECONDS": "3",
        "WORKER_STALLED_CHECK_CRON": "* * * * * *",
        "WORKER_EXPIRE_HOLDS_CRON": never,
        "WORKER_RECONCILE_CRON": never,
        "WORKER_HORIZON_CRON": never,
        "WORKER_PAYOUT_CRON": never,
        "WORKER_NOTIFY_SWEEP_CRON": never,
        "WORKER_DELETE_JOBS": "never",
        "LOG_LEVEL": "info",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


class WorkerProcess:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "worker.main"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text()


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(env: dict[str, str]) -> WorkerProcess:
        w = WorkerProcess(env, tmp_path / f"worker-{len(started)}.log")
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()


def wait_for(check: Callable[[], object], timeout: float = 20, interval: float = 0.1) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s: {check}")


@pytest.fixture
async def worker_app(
    courtbook_db: str, stripe_stub: tuple[StripeStub, str]
) -> AsyncIterator[object]:
    """worker.app:app configured in-process for the test database (as worker_service)
    and the recording Stripe stand-in: settings and Stripe configuration of its own,
    no environment involved; no periodic job is deferred."""
    from service_common.stripe_config import StripeConfig
    from worker.app import configure
    from worker.config import WorkerSettings
    from worker.logging import configure_logging

    configure_logging("info")  # JSON lines on stdout: shown with a failing test

    settings = WorkerSettings.from_env({"DATABASE_URL": worker_url(courtbook_db), **QUIET_CRONS})
    connector = PsycopgConnector(
        conninfo=settings.database_url,
        kwargs={"options": "-c search_path=procrastinate,pg_catalog"},
        min_size=1,
        max_size=4,
    )
    app = configure(
        settings,
        StripeConfig(secret_key="sk_test_worker", api_base=stripe_stub[1], max_network_retries=0),
        connector=connector,
    )
    async with app.open_async():
        yield app


async def run_jobs(app: object, queues: list[str] | None = None) -> None:
    """A real procrastinate worker in-process, until the queues are empty."""
    await app.run_worker_async(  # type: ignore[attr-defined]
        queues=queues,
        wait=False,
        install_signal_handlers=False,
        listen_notify=False,
        delete_jobs="never",
        concurrency=1,
    )


__all__ = ["db", "run_jobs", "wait_for", "worker_env", "worker_url"]
