"""expire_waitlist_offer(booking_id): a waitlist offer's deadline (issue 21).

Deferred, scheduled for the offer's held_until, in the transaction that made
the offer (data.offer_freed_slot). internal.expire_offer expires the offer's
booking if it lapsed unpaid; freeing its slot offers the slot to the next
waiting entry in that same transaction. A job that runs early (clock skew, a
worker that fetched it a moment before the deadline) or finds the booking
locked by a payment or a cancel right now is retried; a booking with a live
PaymentIntent is left to the expire_holds sweep, which asks Stripe first; a
paid or already ended offer needs nothing. The minute sweep is the backstop
when this job is lost or late.
"""

from __future__ import annotations

import logging

from procrastinate import RetryStrategy

from worker import db
from worker.app import app
from worker.blueprint import tasks
from worker.logging import log_event

logger = logging.getLogger("worker.expire_waitlist_offer")


class OfferNotDueYet(Exception):
    """The offer has not lapsed yet, or its booking is busy: procrastinate retries."""


@tasks.task(
    name="expire_waitlist_offer",
    queue="maintenance",
    pass_context=False,
    retry=RetryStrategy(max_attempts=8, wait=5, retry_exceptions=[OfferNotDueYet]),
)
async def expire_waitlist_offer(booking_id: int) -> str:
    outcome = str(await db.fetch_value(app, "select internal.expire_offer(%s)", (booking_id,)))
    if outcome in ("not_lapsed", "busy"):
        raise OfferNotDueYet(outcome)
    log_event(
        logger,
        logging.INFO,
        "waitlist_offer_expired" if outcome == "expired" else "waitlist_offer_left",
        booking_id=booking_id,
        outcome=outcome,
    )
    return outcome
