"""deliver_notification(notification_id) and the redeliver_notifications sweep:
every outbox row is delivered at least once (docs/worker.md, "Delivery guarantees").

1. internal.notification_to_send claims the row with a lease
   (WORKER_NOTIFY_LEASE_SECONDS): it stays pending, no other claim takes it until
   the lease runs out, and the claim's number (`attempts`) is its fencing token.
2. The adapter sends it (worker/notify), with the notification's id as the
   provider's dedup key where there is one (FCM's tag and apns-collapse-id;
   SendGrid's custom_args, which only label the mail).
3. Success: internal.mark_notification_sent (idempotent). A refusal or an
   unreachable provider: internal.mark_notification_failed releases the lease and a
   transient error retries with exponential backoff; a permanent one, or the last
   attempt, gives the row up (status failed).
A worker killed between 1 and 3 holds the lease until it runs out; then the sweep
(every minute, WORKER_NOTIFY_SWEEP_CRON) claims the row again and sends it again:
the player may see that message twice, never zero times. The sweep also takes
rows whose job was lost (pending, unleased, older than a lease). A row claimed
MAX_ATTEMPTS times without success is given up by the claim.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from typing import Any

import httpx
from procrastinate import JobContext, RetryStrategy

from worker import db
from worker.app import app, current_settings
from worker.blueprint import tasks
from worker.logging import log_event
from worker.notify import DeliveryError, Notifier, choose, configured_notifiers
from worker.notify.render import render

logger = logging.getLogger("worker.deliver_notification")

MAX_ATTEMPTS = 6  # the job's waits 3, 9, 27, 81, 243 s; claims of any kind count
SWEEP_LIMIT = 100  # rows per sweep run, each claimed (and leased) just before its send


class TransientDeliveryError(Exception):
    """The provider may take the message later; procrastinate retries the job."""


@lru_cache(maxsize=1)
def notifiers() -> list[Notifier]:
    return configured_notifiers(httpx.AsyncClient(timeout=15))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=current_settings().notify_lease_seconds)


async def send_claimed(
    row: dict[str, Any], final_attempt: bool, adapters: list[Notifier] | None, via: str
) -> str:
    """Deliver a row this worker holds the lease of; returns sent:<channel>, failed or
    retry (a transient failure that is not final: the lease is released)."""
    notification_id, attempt = int(row["notification_id"]), int(row["attempts"])
    message = render(row)
    notifier = choose(
        adapters or notifiers(), message, forced=(row.get("payload") or {}).get("channel")
    )
    try:
        receipt = await notifier.send(message)
    except DeliveryError as exc:
        final = final_attempt or not exc.transient or attempt >= MAX_ATTEMPTS
        await db.fetch_value(
            app,
            "select internal.mark_notification_failed(%s, %s, %s, %s)",
            (notification_id, f"{notifier.channel}: {exc}", attempt, final),
        )
        log_event(
            logger,
            logging.ERROR if final else logging.WARNING,
            "notification_failed" if final else "notification_attempt_failed",
            notification_id=notification_id,
            channel=notifier.channel,
            kind=message.kind,
            attempt=attempt,
            via=via,
            error=str(exc),
            final=final,
        )
        return "failed" if final else "retry"
    await db.fetch_value(app, "select internal.mark_notification_sent(%s)", (notification_id,))
    log_event(
        logger,
        logging.INFO,
        "notification_sent" if attempt == 1 else "notification_redelivered",
        notification_id=notification_id,
        channel=notifier.channel,
        kind=message.kind,
        attempt=attempt,
        via=via,
        receipt=receipt,
    )
    return f"sent:{notifier.channel}"


async def deliver(
    notification_id: int, final_attempt: bool, adapters: list[Notifier] | None = None
) -> str:
    row = await db.fetch_value(
        app,
        "select internal.notification_to_send(%s, %s, %s)",
        (notification_id, lease(), MAX_ATTEMPTS),
    )
    if row is None:
        log_event(
            logger,
            logging.INFO,
            "notification_not_claimed",
            notification_id=notification_id,
            reason="sent, given up, or leased by another attempt"
            " (the sweep takes it again if that lease runs out)",
        )
        return "skipped"
    outcome = await send_claimed(row, final_attempt, adapters, via="job")
    if outcome == "retry":
        raise TransientDeliveryError(f"notification {notification_id}: provider failed")
    return outcome


async def redeliver(
    adapters: list[Notifier] | None = None,
    *,
    min_age: dt.timedelta | None = None,
    limit: int = SWEEP_LIMIT,
) -> dict[int, str]:
    """Claim and send, one row at a time, the pending rows whose lease is free or ran
    out and that are at least `min_age` old (default: one lease, so a fresh row is its
    job's). A transient failure here releases the lease; a later sweep retries."""
    outcomes: dict[int, str] = {}
    age = lease() if min_age is None else min_age
    for _ in range(limit):
        row = await db.fetch_value(
            app,
            "select r from internal.claim_notifications(%s, %s, 1, %s) r",
            (lease(), MAX_ATTEMPTS, age),
        )
        if row is None:
            break
        outcomes[int(row["notification_id"])] = await send_claimed(
            row, final_attempt=False, adapters=adapters, via="sweep"
        )
    return outcomes


@tasks.task(
    name="deliver_notification",
    queue="notifications",
    pass_context=True,
    retry=RetryStrategy(
        max_attempts=MAX_ATTEMPTS, exponential_wait=3, retry_exceptions=[TransientDeliveryError]
    ),
)
async def deliver_notification(context: JobContext, notification_id: int) -> str:
    return await deliver(notification_id, context.job.attempts + 1 >= MAX_ATTEMPTS)


@tasks.task(
    name="redeliver_notifications",
    queue="notifications",
    queueing_lock="redeliver_notifications",
    pass_context=True,
)
async def redeliver_notifications(context: JobContext, timestamp: int) -> dict[str, str]:
    outcomes = await redeliver()
    if outcomes:
        log_event(
            logger,
            logging.WARNING,
            "notifications_redelivered",
            count=len(outcomes),
            outcomes={str(k): v for k, v in outcomes.items()},
        )
    return {str(k): v for k, v in outcomes.items()}
