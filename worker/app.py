"""The procrastinate app `worker.app:app`: queue in the courtbook database.

procrastinate's tables and functions live in the `procrastinate` schema (sqitch
change jobs/procrastinate_schema); its queries use unqualified names, so every
connection of the pool runs with search_path = procrastinate.
"""

from __future__ import annotations

from procrastinate import App, PsycopgConnector

from worker.config import settings

TASK_MODULES = [
    "worker.tasks.expire_holds",
    "worker.tasks.reconcile_payments",
    "worker.tasks.refund_payment",
    "worker.tasks.cancel_payment_intent",
    "worker.tasks.deliver_notification",
    "worker.tasks.extend_slot_horizon",
    "worker.tasks.build_payout_reports",
    "worker.tasks.retry_stalled_jobs",
    "worker.tasks.expire_waitlist_offer",
    "worker.tasks.settle_split",
]

connector = PsycopgConnector(
    conninfo=settings.database_url,
    kwargs={
        "options": "-c search_path=procrastinate,pg_catalog",
        "application_name": "courtbook-worker",
        # None: never prepare (WORKER_DB_PREPARED_STATEMENTS=false, behind PgBouncer in
        # transaction mode, which ignores `options`: its pool sets the search_path itself).
        "prepare_threshold": 5 if settings.db_prepared_statements else None,
    },
    min_size=1,
    max_size=settings.concurrency + 4,
)

app = App(
    connector=connector,
    import_paths=TASK_MODULES,
    worker_defaults={
        "concurrency": settings.concurrency,
        "update_heartbeat_interval": settings.heartbeat_seconds,
        "stalled_worker_timeout": settings.stalled_seconds,
        "fetch_job_polling_interval": settings.fetch_polling_seconds,
        "delete_jobs": settings.delete_jobs,
        "listen_notify": settings.listen_notify,
    },
)
