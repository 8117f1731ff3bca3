"""deliver_notification(notification_id): one outbox row, one delivery, never twice.

1. internal.notification_to_send claims the row (sent_at set, committed) before
   any provider is called; a second worker, or a second job for the same row,
   gets null and stops.
2. The adapter sends it (worker/notify).
3. Success: internal.mark_notification_sent. Refusal/unreachable provider:
   internal.mark_notification_failed releases the claim (nothing was delivered)
   and a transient error retries with exponential backoff.
A worker killed between 1 and 3 leaves the row claimed: its retry finds it
claimed and does not send again (at most once); the row keeps last_error
'claimed: ...' for a human, and the log says so in one line.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import httpx
from procrastinate import JobContext, RetryStrategy

from worker import db
from worker.app import app
from worker.blueprint import tasks
from worker.logging import log_event
from worker.notify import DeliveryError, Notifier, choose, configured_notifiers
from worker.notify.render import render

logger = logging.getLogger("worker.deliver_notification")

MAX_ATTEMPTS = 6  # waits 3, 9, 27, 81, 243 s


class TransientDeliveryError(Exception):
    """The provider may take the message later; procrastinate retries the job."""


@lru_cache(maxsize=1)
def notifiers() -> list[Notifier]:
    return configured_notifiers(httpx.AsyncClient(timeout=15))


async def deliver(
    notification_id: int, final_attempt: bool, adapters: list[Notifier] | None = None
) -> str:
    row = await db.fetch_value(app, "select internal.notification_to_send(%s)", (notification_id,))
    if row is None:
        log_event(
            logger,
            logging.INFO,
            "notification_not_sent_again",
            notification_id=notification_id,
            reason="already sent, or claimed by an earlier attempt"
            " (outcome unknown if that one died)",
        )
        return "skipped"
    message = render(row)
    notifier = choose(
        adapters or notifiers(), message, forced=(row.get("payload") or {}).get("channel")
    )
    try:
        receipt = await notifier.send(message)
    except DeliveryError as exc:
        await db.fetch_value(
            app,
            "select internal.mark_notification_failed(%s, %s)",
            (notification_id, f"{notifier.channel}: {exc}"),
        )
        final = final_attempt or not exc.transient
        log_event(
            logger,
            logging.ERROR if final else logging.WARNING,
            "notification_failed" if final else "notification_attempt_failed",
            notification_id=notification_id,
            channel=notifier.channel,
            kind=message.kind,
            error=str(exc),
            final=final,
        )
        if final:
            return "failed"
        raise TransientDeliveryError(str(exc)) from exc
    await db.fetch_value(app, "select internal.mark_notification_sent(%s)", (notification_id,))
    log_event(
        logger,
        logging.INFO,
        "notification_sent",
        notification_id=notification_id,
        channel=notifier.channel,
        kind=message.kind,
        receipt=receipt,
    )
    return f"sent:{notifier.channel}"


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
