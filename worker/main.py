"""`courtbook-worker`: run the procrastinate worker (all queues unless told otherwise),
again and again while PostgreSQL is away, until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal

from service_common.stripe_config import StripeConfig, StripeConfigError
from worker.app import app, configure
from worker.config import WorkerSettings
from worker.logging import configure_logging, log_event
from worker.supervise import Backoff, Supervisor

logger = logging.getLogger("worker")


def init_sentry(dsn: str | None) -> bool:
    """Report unhandled errors to Sentry when SENTRY_DSN is set (the `sentry` extra)."""
    if not dsn:
        return False
    try:
        import sentry_sdk
    except ImportError:
        log_event(logger, logging.WARNING, "sentry_unavailable", reason="sentry-sdk not installed")
        return False
    sentry_sdk.init(dsn=dsn)
    return True


async def run(queues: list[str] | None, concurrency: int | None, settings: WorkerSettings) -> None:
    """The worker until SIGTERM or SIGINT, run again whenever PostgreSQL went away
    (worker/supervise.py). The first signal stops it gracefully (running jobs finish);
    the handlers are then removed, so a second one ends the process at once."""
    options: dict[str, object] = {"queues": queues}
    if concurrency:
        options["concurrency"] = concurrency
    supervisor = Supervisor(
        app,
        options,
        database_url=settings.database_url,
        backoff=Backoff(settings.reconnect_initial_seconds, settings.reconnect_max_seconds),
    )
    loop = asyncio.get_running_loop()

    def on_signal(name: str) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        log_event(logger, logging.INFO, "worker_stopping", signal=name)
        supervisor.stop()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal, sig.name)
    await supervisor.run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="courtbook-worker", description=__doc__)
    parser.add_argument(
        "-q",
        "--queue",
        action="append",
        dest="queues",
        help="queue to work on (repeatable; default: all of them)",
    )
    parser.add_argument(
        "-c", "--concurrency", type=int, help="jobs run in parallel (default WORKER_CONCURRENCY)"
    )
    args = parser.parse_args(argv)
    configure_logging()
    try:
        # At start-up, from the environment: a missing Stripe key stops the worker here.
        settings = WorkerSettings.from_env()
        configure(settings, StripeConfig.from_env())
    except (StripeConfigError, ValueError) as exc:
        log_event(logger, logging.CRITICAL, "invalid_configuration", error=str(exc))
        return 2
    init_sentry(os.environ.get("SENTRY_DSN"))
    asyncio.run(run(args.queues, args.concurrency, settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
