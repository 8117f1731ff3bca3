"""cancel_payment_intent(payment_intent_id, booking_id): a pending booking ended
(released, cancelled, expired, or its lapsed slot taken by another player) while
its PaymentIntent could still be paid: cancel it at Stripe, so an abandoned
booking cannot be charged afterwards (issue 14).

The job is deferred by a trigger in the transaction that ends the booking
(sql/jobs/cancel_abandoned_intent.sql). The cancel carries the idempotency key
`cancel-<pi>`, the same as the hold-expiry sweep's (expire_holds), so both
asking is one cancel at Stripe. A PaymentIntent that succeeded or is processing
is left alone: if it succeeds, `payment_intent.succeeded` finds the booking
cancelled and the engine refunds it (confirm_booking_from_payment). Stripe then
sends `payment_intent.canceled`, which marks the payment canceled.
"""

from __future__ import annotations

import logging

import stripe
from procrastinate import RetryStrategy

from worker.blueprint import tasks
from worker.logging import log_event
from worker.stripe_client import client, is_transient

logger = logging.getLogger("worker.cancel_payment_intent")

# PaymentIntent statuses Stripe lets us cancel (https://docs.stripe.com/api/payment_intents/cancel).
CANCELLABLE = {
    "requires_payment_method",
    "requires_confirmation",
    "requires_action",
    "requires_capture",
}


class TransientCancelError(Exception):
    """Stripe could not be asked right now; procrastinate retries the job."""


async def cancel_abandoned(payment_intent_id: str) -> str:
    """Cancel one PaymentIntent nobody paid: `canceled`, `already_canceled`,
    `left_<status>` (succeeded/processing: money may come, the engine refunds it),
    or raises stripe.StripeError."""
    intent = await client().v1.payment_intents.retrieve_async(payment_intent_id)
    if intent.status == "canceled":
        return "already_canceled"
    if intent.status not in CANCELLABLE:
        return f"left_{intent.status}"
    await client().v1.payment_intents.cancel_async(
        payment_intent_id,
        {"cancellation_reason": "abandoned"},
        {"idempotency_key": f"cancel-{payment_intent_id}"},
    )
    return "canceled"


@tasks.task(
    name="cancel_payment_intent",
    queue="payments",
    pass_context=False,
    retry=RetryStrategy(
        max_attempts=6, exponential_wait=2, retry_exceptions=[TransientCancelError]
    ),
)
async def cancel_payment_intent(payment_intent_id: str, booking_id: int) -> str:
    try:
        outcome = await cancel_abandoned(payment_intent_id)
    except stripe.StripeError as exc:
        if is_transient(exc):
            raise TransientCancelError(str(exc)) from exc
        # e.g. payment_intent_unexpected_state: the player paid a moment ago.
        log_event(
            logger,
            logging.WARNING,
            "payment_intent_not_cancelled",
            booking_id=booking_id,
            payment_intent_id=payment_intent_id,
            error=str(exc),
        )
        return "cancel_failed"
    log_event(
        logger,
        logging.INFO,
        "payment_intent_cancelled" if outcome == "canceled" else "payment_intent_left",
        booking_id=booking_id,
        payment_intent_id=payment_intent_id,
        outcome=outcome,
    )
    return outcome
