"""The procrastinate app `worker.app:app`: queue in the courtbook database.

The tasks are declared on a Blueprint (`worker.blueprint.tasks`); nothing is read
from the environment at import. `configure(settings, stripe_config)` — run at
start-up by `courtbook-worker`, by tests with settings of their own — binds the
tasks to this App (`add_tasks_from`, namespace `courtbook`, each task also under
its bare name: the jobs the database's triggers defer and jobs queued by 0.1
keep their names), gives it its connector, worker defaults and periodic
schedule from the settings, and builds the Stripe client from the one
StripeConfig (service_common). Tasks read the settings with `current_settings()`.

procrastinate's tables and functions live in the `procrastinate` schema (sqitch
change jobs/procrastinate_schema); its queries use unqualified names, so every
connection of the pool runs with search_path = procrastinate.
"""

from __future__ import annotations

import importlib

import stripe
from procrastinate import App, BaseConnector, PsycopgConnector
from procrastinate.periodic import PeriodicRegistry

from service_common.stripe_config import StripeConfig
from worker import stripe_client
from worker.blueprint import tasks
from worker.config import WorkerSettings

NAMESPACE = "courtbook"
TASK_MODULES = [
    "worker.tasks.expire_holds",
    "worker.tasks.reconcile_payments",
    "worker.tasks.refund_payment",
    "worker.tasks.cancel_payment_intent",
    "worker.tasks.delete_stripe_customer",
    "worker.tasks.deliver_notification",
    "worker.tasks.extend_slot_horizon",
    "worker.tasks.build_payout_reports",
    "worker.tasks.retry_stalled_jobs",
    "worker.tasks.expire_waitlist_offer",
    "worker.tasks.settle_split",
]
# task name → the setting holding its cron (its periodic_id is the task name)
PERIODIC = {
    "expire_holds": "expire_holds_cron",
    "reconcile_payments": "reconcile_cron",
    "extend_slot_horizon": "horizon_cron",
    "build_payout_reports": "payout_cron",
    "retry_stalled_jobs": "stalled_check_cron",
    "settle_due_splits": "split_sweep_cron",
    "redeliver_notifications": "notify_sweep_cron",
}
SEARCH_PATH = "-c search_path=procrastinate,pg_catalog"
# libpq's connect_timeout for the worker's pool (the webhook pool uses its db_timeout).
CONNECT_TIMEOUT_SECONDS = 10

# Configured by configure(); until then it has no tasks and a connector to nowhere.
app = App(connector=PsycopgConnector(kwargs={"options": SEARCH_PATH}))
_settings: WorkerSettings | None = None


class NotConfigured(RuntimeError):
    pass


def current_settings() -> WorkerSettings:
    """The settings `configure` was given."""
    if _settings is None:
        raise NotConfigured("worker.app.configure() has not run")
    return _settings


def connector_for(settings: WorkerSettings) -> PsycopgConnector:
    return PsycopgConnector(
        conninfo=settings.database_url,
        kwargs={
            "options": SEARCH_PATH,
            "application_name": "courtbook-worker",
            # A connect gives up instead of hanging: without it, a connect made while
            # PostgreSQL shuts down waits in the listen queue of a postmaster that no
            # longer accepts, for as long as the socket lives (the soak's slow first fast
            # stop, docs/figures.md "Soak"); the pool then retries with its backoff.
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            # None: never prepare (WORKER_DB_PREPARED_STATEMENTS=false, behind PgBouncer in
            # transaction mode, which ignores `options`: its pool sets the search_path itself).
            "prepare_threshold": 5 if settings.db_prepared_statements else None,
        },
        min_size=1,
        max_size=settings.concurrency + 4,
    )


def _bind_tasks() -> None:
    """The blueprint's tasks onto the app, once per process (add_tasks_from renames
    the blueprint's tasks into the namespace)."""
    if any(name.startswith(f"{NAMESPACE}:") for name in app.tasks):
        return
    for module in TASK_MODULES:
        importlib.import_module(module)
    bare = dict(tasks.tasks)
    app.add_tasks_from(tasks, namespace=NAMESPACE)
    for name, task in bare.items():
        app.add_task_alias(task, name)


def configure(
    settings: WorkerSettings,
    stripe_config: StripeConfig,
    *,
    connector: BaseConnector | None = None,
    stripe_http_client: stripe.HTTPClient | None = None,
) -> App:
    """Make `app` the worker these settings describe (see the module docstring).
    `connector` replaces the one built from settings.database_url; `stripe_http_client`
    the library's HTTPX client (tests record requests)."""
    global _settings
    _bind_tasks()
    stripe_client.configure(stripe_config, stripe_http_client)
    c = connector or connector_for(settings)
    app.connector = c
    app.job_manager.connector = c
    app.worker_defaults = {
        "concurrency": settings.concurrency,
        "update_heartbeat_interval": settings.heartbeat_seconds,
        "stalled_worker_timeout": settings.stalled_seconds,
        "fetch_job_polling_interval": settings.fetch_polling_seconds,
        "delete_jobs": settings.delete_jobs,  # type: ignore[typeddict-item]
        "listen_notify": settings.listen_notify,
    }
    app.periodic_registry = PeriodicRegistry()
    for name, setting in PERIODIC.items():
        app.periodic(cron=getattr(settings, setting), periodic_id=name)(
            app.tasks[f"{NAMESPACE}:{name}"]
        )
    _settings = settings
    return app
