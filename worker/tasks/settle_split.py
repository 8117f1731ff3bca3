"""settle_split(booking_id): the split-payment deadline of one booking (issue 19).

Deferred when the booking is split, scheduled at its deadline
(`starts_at - split_deadline_minutes`, data.defer_split_deadline); the periodic
`settle_due_splits` sweep runs it for any split whose job was lost.

1. `internal.close_split` closes the split under the booking lock, once: the
   shares not paid by now are covered (the organizer pays them), or an open
   match with `cancel_if_not_full` that is not full is cancelled with full
   refunds (the refund rows are the worker's usual outbox).
2. The PaymentIntents of unpaid shares are cancelled at Stripe (the same call
   and key as `cancel_payment_intent`); one that succeeded a moment ago finds
   its share covered when its event arrives and is refunded.
3. One off-session PaymentIntent charges the organizer's saved card (the
   payment method of their share's PaymentIntent, saved by
   `setup_future_usage=off_session`) for the unpaid total, with the key stored
   in the cover row (`pi-cover-<booking>`): a retry is the same charge.
4. A decline or `authentication_required` (Stripe's 402 carries the
   PaymentIntent) → `internal.cover_failed`: the organizer owes a balance
   (`balance_due`), pays it on-session (POST /payments/balance) and cannot
   hold slots until then.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe
from procrastinate import RetryStrategy

from worker import db
from worker.app import app
from worker.blueprint import tasks
from worker.logging import log_event
from worker.stripe_client import client, is_transient
from worker.tasks.cancel_payment_intent import cancel_abandoned

logger = logging.getLogger("worker.settle_split")


class TransientSettleError(Exception):
    """Stripe could not be asked right now; procrastinate retries the job."""


def cover_params(cover: dict[str, Any], payment_method: str) -> dict[str, Any]:
    params: dict[str, Any] = {
        "amount": int(cover["amount_cents"]),
        "currency": str(cover["currency"]).lower(),
        "customer": cover["stripe_customer_id"],
        "payment_method": payment_method,
        "off_session": True,
        "confirm": True,
        "description": f"courtbook booking {cover['booking_id']}: unpaid shares",
        "metadata": {
            "booking_id": str(cover["booking_id"]),
            "player_id": str(cover["player_id"]),
            "kind": "cover",
        },
    }
    if cover.get("destination_account_id"):
        params["transfer_data"] = {"destination": cover["destination_account_id"]}
        params["application_fee_amount"] = int(cover.get("application_fee_cents") or 0)
    return params


async def cancel_unpaid_intents(booking_id: int, intents: list[str]) -> None:
    for pi in intents:
        try:
            outcome = await cancel_abandoned(pi)
        except stripe.StripeError as exc:
            # Paid a moment ago (payment_intent_unexpected_state): its event finds
            # the share covered and refunds it.
            outcome = f"not_cancelled: {exc.user_message or exc}"
        log_event(
            logger,
            logging.INFO,
            "share_intent_cancelled",
            booking_id=booking_id,
            payment_intent_id=pi,
            outcome=outcome,
        )


async def charge_cover(cover: dict[str, Any]) -> str:
    sp_id = int(cover["share_payment_id"])
    booking_id = int(cover["booking_id"])
    payment_method = None
    if cover.get("organizer_payment_intent_id") and cover.get("stripe_customer_id"):
        organizer_pi = await client().v1.payment_intents.retrieve_async(
            cover["organizer_payment_intent_id"]
        )
        payment_method = organizer_pi.payment_method
        if payment_method is not None and not isinstance(payment_method, str):
            payment_method = payment_method.id
    if not payment_method:
        await db.fetch_value(
            app,
            "select internal.cover_failed(%s, null, %s)",
            (sp_id, "No saved card to charge for the unpaid shares"),
        )
        log_event(logger, logging.WARNING, "cover_without_card", booking_id=booking_id)
        return "balance_due"
    try:
        pi = await client().v1.payment_intents.create_async(
            cover_params(cover, str(payment_method)),  # type: ignore[arg-type]
            {"idempotency_key": str(cover["intent_idempotency_key"])},
        )
    except stripe.CardError as exc:
        # authentication_required or a decline: the PaymentIntent exists and
        # waits in requires_payment_method for the organizer to pay on-session.
        failed = exc.error.payment_intent if exc.error else None
        pi_id = failed.id if failed is not None else None
        reason = exc.user_message or str(exc)
        await db.fetch_value(
            app, "select internal.cover_failed(%s, %s, %s)", (sp_id, pi_id, reason)
        )
        if pi_id:
            await db.fetch_value(app, "select internal.apply_pending_stripe_events(%s)", (pi_id,))
        log_event(
            logger,
            logging.WARNING,
            "cover_declined",
            booking_id=booking_id,
            payment_intent_id=pi_id,
            code=exc.code,
            error=reason,
        )
        return "balance_due"
    except stripe.StripeError as exc:
        if is_transient(exc):
            raise TransientSettleError(str(exc)) from exc
        reason = exc.user_message or str(exc)
        await db.fetch_value(app, "select internal.cover_failed(%s, null, %s)", (sp_id, reason))
        log_event(logger, logging.ERROR, "cover_failed", booking_id=booking_id, error=reason)
        return "balance_due"
    await db.fetch_value(app, "select internal.record_share_intent(%s, %s)", (sp_id, pi.id))
    # Its payment_intent.succeeded may have come before the id was stored.
    await db.fetch_value(app, "select internal.apply_pending_stripe_events(%s)", (pi.id,))
    log_event(
        logger,
        logging.INFO,
        "cover_charged",
        booking_id=booking_id,
        payment_intent_id=pi.id,
        status=pi.status,
        amount_cents=cover["amount_cents"],
    )
    return "covered" if pi.status == "succeeded" else f"cover_{pi.status}"


async def settle(booking_id: int) -> str:
    result: dict[str, Any] = await db.fetch_value(
        app, "select internal.close_split(%s)", (booking_id,)
    )
    action = str(result["action"])
    await cancel_unpaid_intents(booking_id, list(result.get("cancel_intents") or []))
    if action == "cover":
        return await charge_cover(result)
    log_event(logger, logging.INFO, "split_settled", booking_id=booking_id, action=action)
    return action


@tasks.task(
    name="settle_split",
    queue="payments",
    pass_context=False,
    retry=RetryStrategy(
        max_attempts=6, exponential_wait=2, retry_exceptions=[TransientSettleError]
    ),
)
async def settle_split(booking_id: int) -> str:
    return await settle(booking_id)


@tasks.task(name="settle_due_splits", queue="maintenance", queueing_lock="settle_due_splits")
async def settle_due_splits(timestamp: int) -> int:
    """Splits past their deadline that no job settled (a lost job, a worker down)."""
    rows = await db.fetch_all(app, "select internal.due_splits() as booking_id")
    for row in rows:
        try:
            await settle(int(row["booking_id"]))
        except TransientSettleError as exc:
            log_event(
                logger,
                logging.WARNING,
                "split_sweep_retry_later",
                booking_id=row["booking_id"],
                error=str(exc),
            )
    return len(rows)
