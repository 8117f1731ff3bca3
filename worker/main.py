"""`courtbook-worker`: run the procrastinate worker (all queues unless told otherwise)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os

from service_common.stripe_config import StripeConfig, StripeConfigError
from worker.app import app, configure
from worker.config import WorkerSettings
from worker.logging import configure_logging, log_event

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


async def run(queues: list[str] | None, concurrency: int | None) -> None:
    options: dict[str, object] = {"queues": queues}
    if concurrency:
        options["concurrency"] = concurrency
    async with app.open_async():
        log_event(logger, logging.INFO, "worker_starting", queues=queues or "all")
        await app.run_worker_async(**options)  # type: ignore[arg-type]


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
        configure(WorkerSettings.from_env(), StripeConfig.from_env())
    except (StripeConfigError, ValueError) as exc:
        log_event(logger, logging.CRITICAL, "invalid_configuration", error=str(exc))
        return 2
    init_sentry(os.environ.get("SENTRY_DSN"))
    asyncio.run(run(args.queues, args.concurrency))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
