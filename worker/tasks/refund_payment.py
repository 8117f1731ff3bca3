"""refund_payment(refund_id): carry out one data.refund row at Stripe, once;
refund_share_payment(refund_id): the same for a data.share_refund row (a share
or cover payment of a split booking), by the same code.

- The Stripe call carries the refund row's stored idempotency key, so a retry
  after a lost commit (or a worker killed mid-request) gets the same Stripe
  refund back instead of a second one.
- Connect destination charges: reverse_transfer and refund_application_fee, so
  the venue and the platform each give back their share.
- charge_already_refunded counts as done.
- Stripe's answer follows its refund life cycle (https://docs.stripe.com/refunds#refund-statuses):
  succeeded tells the player; pending or requires_action is recorded as at
  Stripe, not done (charge.refund.updated finishes it); failed or canceled is
  retried once as a new refund, then a reconciliation case.
- Transient errors (network, rate limit, 5xx) retry with exponential backoff;
  anything else, or the last attempt, is final: status failed and a
  reconciliation case for a human.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import stripe
from procrastinate import JobContext, RetryStrategy

from worker import db
from worker.app import app
from worker.blueprint import tasks
from worker.logging import log_event
from worker.stripe_client import client, is_transient

logger = logging.getLogger("worker.refund_payment")

MAX_ATTEMPTS = 8  # waits 2, 4, 8, ... 128 s between attempts


class TransientRefundError(Exception):
    """Stripe could not be asked right now; procrastinate retries the job."""


def refund_params(refund: dict[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {
        "payment_intent": refund["payment_intent_id"],
        "amount": refund["amount_cents"],
        "metadata": {
            "refund_id": str(refund["refund_id"]),
            "booking_id": str(refund["booking_id"]),
        },
    }
    if refund.get("destination_account_id"):
        params["reverse_transfer"] = True
        params["refund_application_fee"] = True
    return params


@dataclass(frozen=True)
class RefundRows:
    """The SQL side of one kind of refund row: data.refund (a booking's payment)
    or data.share_refund (a share or cover payment of a split booking)."""

    to_issue: str
    succeeded: str
    failed: str
    failed_at_stripe: str
    submitted: str


BOOKING_REFUNDS = RefundRows(
    "internal.refund_to_issue",
    "internal.mark_refund_succeeded",
    "internal.mark_refund_failed",
    "internal.refund_failed_at_stripe",
    "internal.refund_submitted",
)
SHARE_REFUNDS = RefundRows(
    "internal.share_refund_to_issue",
    "internal.mark_share_refund_succeeded",
    "internal.mark_share_refund_failed",
    "internal.share_refund_failed_at_stripe",
    "internal.share_refund_submitted",
)


async def issue_refund(
    refund_id: int, final_attempt: bool, rows: RefundRows = BOOKING_REFUNDS
) -> str:
    refund = await db.fetch_value(app, f"select {rows.to_issue}(%s)", (refund_id,))
    if refund is None:
        log_event(logger, logging.INFO, "refund_not_pending", refund_id=refund_id)
        return "not_pending"
    try:
        result = await client().v1.refunds.create_async(
            refund_params(refund), {"idempotency_key": refund["idempotency_key"]}
        )
    except stripe.StripeError as exc:
        if getattr(exc, "code", None) == "charge_already_refunded":
            await db.fetch_value(app, f"select {rows.succeeded}(%s, null)", (refund_id,))
            log_event(
                logger,
                logging.INFO,
                "refund_already_done",
                refund_id=refund_id,
                payment_intent_id=refund["payment_intent_id"],
            )
            return "already_refunded"
        transient = is_transient(exc)
        final = final_attempt or not transient
        error = f"{type(exc).__name__}: {exc.user_message or exc}"
        await db.fetch_value(app, f"select {rows.failed}(%s, %s, %s)", (refund_id, error, final))
        log_event(
            logger,
            logging.ERROR if final else logging.WARNING,
            "refund_failed" if final else "refund_attempt_failed",
            refund_id=refund_id,
            payment_intent_id=refund["payment_intent_id"],
            error=error,
            final=final,
            attempt=refund["attempts"],
        )
        if final:
            return "failed"
        raise TransientRefundError(error) from exc

    if result.status in ("failed", "canceled"):
        reason = result.to_dict().get("failure_reason")
        error = f"Stripe refund {result.id} is {result.status}: {reason}"
        # Retried once as a new refund, then a reconciliation case (the same rule
        # as a failure reported later by charge.refund.updated).
        outcome = await db.fetch_value(
            app,
            f"select {rows.failed_at_stripe}(%s, %s, %s)",
            (refund_id, result.status, error),
        )
        log_event(
            logger,
            logging.ERROR,
            "refund_failed",
            refund_id=refund_id,
            stripe_refund_id=result.id,
            error=error,
            outcome=outcome,
        )
        return "failed"
    if result.status != "succeeded":
        # pending or requires_action: accepted, not done. Nobody is told yet;
        # charge.refund.updated moves it to succeeded or failed.
        await db.fetch_value(
            app,
            f"select {rows.submitted}(%s, %s, %s)",
            (refund_id, result.id, result.status),
        )
        log_event(
            logger,
            logging.INFO,
            "refund_submitted",
            refund_id=refund_id,
            stripe_refund_id=result.id,
            stripe_status=result.status,
        )
        return "submitted"
    await db.fetch_value(app, f"select {rows.succeeded}(%s, %s)", (refund_id, result.id))
    log_event(
        logger,
        logging.INFO,
        "refund_issued",
        refund_id=refund_id,
        stripe_refund_id=result.id,
        stripe_status=result.status,
        amount_cents=refund["amount_cents"],
        currency=refund["currency"],
    )
    return "succeeded"


@tasks.task(
    name="refund_payment",
    queue="refunds",
    pass_context=True,
    retry=RetryStrategy(
        max_attempts=MAX_ATTEMPTS, exponential_wait=2, retry_exceptions=[TransientRefundError]
    ),
)
async def refund_payment(context: JobContext, refund_id: int) -> str:
    final_attempt = context.job.attempts + 1 >= MAX_ATTEMPTS
    return await issue_refund(refund_id, final_attempt)


@tasks.task(
    name="refund_share_payment",
    queue="refunds",
    pass_context=True,
    retry=RetryStrategy(
        max_attempts=MAX_ATTEMPTS, exponential_wait=2, retry_exceptions=[TransientRefundError]
    ),
)
async def refund_share_payment(context: JobContext, refund_id: int) -> str:
    final_attempt = context.job.attempts + 1 >= MAX_ATTEMPTS
    return await issue_refund(refund_id, final_attempt, SHARE_REFUNDS)
