"""Worker settings (see docs/worker.md), read from the environment at start-up, never at import."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkerSettings:
    database_url: str
    concurrency: int
    heartbeat_seconds: float
    stalled_seconds: float
    fetch_polling_seconds: float
    stalled_check_cron: str
    expire_holds_cron: str
    reconcile_cron: str
    horizon_cron: str
    payout_cron: str
    split_sweep_cron: str
    reconcile_lookback_hours: int
    expire_batch_size: int
    delete_jobs: str
    # Behind PgBouncer in transaction mode: LISTEN cannot work (the worker then polls
    # every fetch_polling_seconds) and psycopg must never prepare.
    listen_notify: bool
    db_prepared_statements: bool
    # The waits between the worker's runs while the database is unreachable (worker/supervise.py).
    reconnect_initial_seconds: float = 0.5
    reconnect_max_seconds: float = 30
    # Notifications at least once: a claim leases the row this long (longer than the
    # slowest send), and the sweep redelivers rows whose lease ran out.
    notify_lease_seconds: float = 60
    notify_sweep_cron: str = "* * * * *"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WorkerSettings:
        """From `env` (default: the process environment), read when called: at
        start-up by `courtbook-worker`, by tests from a mapping of their own."""
        e = os.environ if env is None else env

        def text(name: str, default: str) -> str:
            return e.get(name) or default

        def number(name: str, default: float) -> float:
            return float(e.get(name) or default)

        def integer(name: str, default: int) -> int:
            return int(e.get(name) or default)

        def positive(name: str, default: float) -> float:
            value = number(name, default)
            if not value > 0:
                raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
            return value

        def boolean(name: str, default: bool) -> bool:
            raw = (e.get(name) or "").strip().lower()
            if not raw:
                return default
            if raw in ("true", "1", "yes", "on"):
                return True
            if raw in ("false", "0", "no", "off"):
                return False
            raise ValueError(f"{name} must be true or false, got {raw!r}")

        return cls(
            database_url=text(
                "DATABASE_URL", "postgresql://worker_service@127.0.0.1:54329/courtbook"
            ),
            concurrency=integer("WORKER_CONCURRENCY", 4),
            heartbeat_seconds=number("WORKER_HEARTBEAT_SECONDS", 10),
            stalled_seconds=number("WORKER_STALLED_SECONDS", 30),
            fetch_polling_seconds=number("WORKER_POLL_SECONDS", 5),
            stalled_check_cron=text("WORKER_STALLED_CHECK_CRON", "* * * * *"),
            expire_holds_cron=text("WORKER_EXPIRE_HOLDS_CRON", "* * * * *"),
            reconcile_cron=text("WORKER_RECONCILE_CRON", "*/5 * * * *"),
            horizon_cron=text("WORKER_HORIZON_CRON", "15 2 * * *"),
            payout_cron=text("WORKER_PAYOUT_CRON", "0 12 * * 1"),
            split_sweep_cron=text("WORKER_SPLIT_SWEEP_CRON", "* * * * *"),
            notify_lease_seconds=positive("WORKER_NOTIFY_LEASE_SECONDS", 60),
            notify_sweep_cron=text("WORKER_NOTIFY_SWEEP_CRON", "* * * * *"),
            reconcile_lookback_hours=integer("RECONCILE_LOOKBACK_HOURS", 72),
            expire_batch_size=integer("EXPIRE_HOLDS_BATCH", 500),
            delete_jobs=text("WORKER_DELETE_JOBS", "successful"),
            listen_notify=boolean("WORKER_LISTEN_NOTIFY", True),
            db_prepared_statements=boolean("WORKER_DB_PREPARED_STATEMENTS", True),
            reconnect_initial_seconds=number("WORKER_RECONNECT_MIN_SECONDS", 0.5),
            reconnect_max_seconds=number("WORKER_RECONNECT_MAX_SECONDS", 30),
        )
