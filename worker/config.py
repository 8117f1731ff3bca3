"""Worker settings, all from the environment (see docs/worker.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _bool(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("true", "1", "yes", "on"):
        return True
    if raw in ("false", "0", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, got {raw!r}")


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

    @classmethod
    def from_env(cls) -> WorkerSettings:
        return cls(
            database_url=os.environ.get(
                "DATABASE_URL", "postgresql://worker_service@127.0.0.1:54329/courtbook"
            ),
            concurrency=_int("WORKER_CONCURRENCY", 4),
            heartbeat_seconds=_float("WORKER_HEARTBEAT_SECONDS", 10),
            stalled_seconds=_float("WORKER_STALLED_SECONDS", 30),
            fetch_polling_seconds=_float("WORKER_POLL_SECONDS", 5),
            stalled_check_cron=os.environ.get("WORKER_STALLED_CHECK_CRON") or "* * * * *",
            expire_holds_cron=os.environ.get("WORKER_EXPIRE_HOLDS_CRON") or "* * * * *",
            reconcile_cron=os.environ.get("WORKER_RECONCILE_CRON") or "*/5 * * * *",
            horizon_cron=os.environ.get("WORKER_HORIZON_CRON") or "15 2 * * *",
            payout_cron=os.environ.get("WORKER_PAYOUT_CRON") or "0 12 * * 1",
            split_sweep_cron=os.environ.get("WORKER_SPLIT_SWEEP_CRON") or "* * * * *",
            reconcile_lookback_hours=_int("RECONCILE_LOOKBACK_HOURS", 72),
            expire_batch_size=_int("EXPIRE_HOLDS_BATCH", 500),
            delete_jobs=os.environ.get("WORKER_DELETE_JOBS") or "successful",
            listen_notify=_bool("WORKER_LISTEN_NOTIFY", True),
            db_prepared_statements=_bool("WORKER_DB_PREPARED_STATEMENTS", True),
        )


settings = WorkerSettings.from_env()
