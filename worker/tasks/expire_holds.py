"""expire_holds, every minute: free lapsed holds; ask Stripe before freeing a paid-for one."""

from __future__ import annotations

import logging
from typing import Any

import stripe

from worker import db
from worker.app import app, current_settings
from worker.blueprint import tasks
from worker.logging import log_event
from worker.tasks.cancel_payment_intent import cancel_abandoned

logger = logging.getLogger("worker.expire_holds")


async def expire_lapsed(batch_size: int) -> int:
    """internal.expire_holds in batches (each its own transaction) until none is left."""
    total = 0
    while True:
        n = await db.fetch_value(app, "select internal.expire_holds(%s)", (batch_size,))
        total += n or 0
        if not n:
            return total


async def settle_with_stripe(booking_id: int, payment_intent_id: str) -> str:
    """One lapsed hold with a live PaymentIntent: cancel it at Stripe if nobody paid."""
    try:
        outcome = await cancel_abandoned(payment_intent_id)
    except stripe.StripeError as exc:
        # Stripe unreachable, or the player paid a moment ago
        # (payment_intent_unexpected_state): keep the hold.
        log_event(
            logger,
            logging.WARNING,
            "payment_intent_not_cancelled",
            booking_id=booking_id,
            payment_intent_id=payment_intent_id,
            error=str(exc),
        )
        return "stripe_error"
    if outcome.startswith("left_"):  # succeeded or processing: leave it to confirmation
        return outcome
    expired = await db.fetch_value(app, "select internal.expire_hold(%s)", (booking_id,))
    return "expired" if expired else "not_expired"


@tasks.task(
    name="expire_holds", queue="maintenance", queueing_lock="expire_holds", pass_context=False
)
async def expire_holds(timestamp: int, batch_size: int | None = None) -> dict[str, Any]:
    expired = await expire_lapsed(batch_size or current_settings().expire_batch_size)
    outcomes: dict[str, int] = {}
    after = 0  # keyset paging: holds Stripe keeps lapsed never hide the ones after them
    while True:
        rows = await db.fetch_all(
            app,
            "select booking_id, payment_intent_id from internal.lapsed_holds_with_payment(%s, %s)",
            (100, after),
        )
        if not rows:
            break
        for row in rows:
            after = max(after, int(row["booking_id"]))
            outcome = await settle_with_stripe(row["booking_id"], row["payment_intent_id"])
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    orphans = await db.fetch_value(app, "select internal.release_orphaned_holds()", ())
    result = {"expired": expired, "with_payment": outcomes, "orphaned_slots_released": orphans}
    if expired or outcomes or orphans:
        log_event(logger, logging.INFO, "holds_expired", **result)
    return result
