"""reconcile_payments, every 5 minutes: Stripe's PaymentIntents against data.payment.

1. Retry stored Stripe events not applied yet (internal.apply_pending_stripe_events).
2. List PaymentIntents created in the look-back window (paginated, created[gte]).
   A succeeded one that courtbook has not applied:
   - unknown to data.payment but metadata.booking_id → internal.record_payment_intent first;
   - then internal.confirm_booking_from_payment: confirms when the slots are free,
     else cancels the booking and queues a refund (the engine decides).
   Unknown without a booking id → a reconciliation case (unknown_payment).
   A split booking's share or cover PaymentIntent (data.share_payment, never the
   booking's own payment) not applied yet → internal.apply_share_event, as its
   payment_intent.succeeded event would have (the share paid, or refunded when it is no
   longer the payer's); one courtbook does not know → a case (unknown_payment).
3. Confirmed bookings without a succeeded payment → a reconciliation case (booked_not_paid).
Whatever it cannot fix is one JSON log line (event reconcile_unresolved).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from typing import Any

import psycopg
import stripe

from worker import db
from worker.app import app, current_settings
from worker.blueprint import tasks
from worker.logging import log_event
from worker.stripe_client import client

logger = logging.getLogger("worker.reconcile_payments")


def unresolved(problem: str, **fields: Any) -> None:
    log_event(logger, logging.ERROR, "reconcile_unresolved", problem=problem, **fields)


async def apply_pending_events() -> int | None:
    try:
        return await db.fetch_value(app, "select internal.apply_pending_stripe_events()")
    except psycopg.errors.UndefinedFunction:
        unresolved(
            "internal.apply_pending_stripe_events() is not deployed: stored events not retried"
        )
        return None


async def list_intents(since: dt.datetime) -> list[Any]:
    page = await client().v1.payment_intents.list_async(
        {"created": {"gte": int(since.timestamp())}, "limit": 100}
    )
    return [intent async for intent in page.auto_paging_iter()]


async def flag(
    kind: str, booking_id: int | None, payment_intent_id: str | None, detail: str
) -> None:
    await db.fetch_value(
        app,
        "select internal.flag_reconciliation_case(%s, %s, %s, %s)",
        (kind, booking_id, payment_intent_id, detail),
    )


def booking_id_of(metadata: dict[str, Any]) -> int | None:
    """metadata.booking_id as courtbook writes it (a positive bigint), else None: a
    PaymentIntent of another product may carry any text there."""
    raw = metadata.get("booking_id")
    text = raw.strip() if isinstance(raw, str) else ""
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value < 2**63 else None


async def settle_paid_intent(intent: Any, known: dict[str, Any] | None) -> str:
    pi = intent.id
    amount = int(intent.amount_received or intent.amount)
    currency = str(intent.currency).upper()
    if known is None:
        metadata = intent.metadata.to_dict() if intent.metadata else {}
        booking_id = booking_id_of(metadata)
        if booking_id is None:
            unresolved(
                "succeeded PaymentIntent unknown to courtbook and without metadata.booking_id",
                payment_intent_id=pi,
                amount_cents=amount,
                currency=currency,
            )
            await flag(
                "unknown_payment",
                None,
                pi,
                f"Stripe PaymentIntent {pi} succeeded ({amount} {currency})"
                " but no booking is known",
            )
            return "unknown_payment"
        raw = intent.to_dict()
        transfer = raw.get("transfer_data")
        await db.fetch_value(
            app,
            "select internal.record_payment_intent(%s, %s, %s, %s, %s, %s, %s)",
            (
                booking_id,
                pi,
                int(intent.amount),
                currency,
                int(raw.get("application_fee_amount") or 0),
                transfer.get("destination") if transfer else None,
                bool(intent.livemode),
            ),
        )
    outcome = await db.fetch_value(
        app, "select internal.confirm_booking_from_payment(%s, %s, %s)", (pi, amount, currency)
    )
    if outcome in ("amount_mismatch", "unknown_payment"):
        unresolved(
            f"confirm_booking_from_payment answered {outcome}",
            payment_intent_id=pi,
            amount_cents=amount,
            currency=currency,
        )
    else:
        log_event(
            logger, logging.INFO, "paid_not_booked_settled", payment_intent_id=pi, outcome=outcome
        )
    return str(outcome)


def is_share_metadata(metadata: dict[str, Any]) -> bool:
    """A share or cover PaymentIntent as courtbook creates them (webhook/stripe_client.py)."""
    return bool(metadata.get("share_id")) or metadata.get("kind") in ("share", "cover")


async def settle_paid_share(intent: Any) -> str:
    """A succeeded share or cover PaymentIntent courtbook has not applied: the effect of its
    payment_intent.succeeded event (apply_share_event locks the booking; an event applied
    meanwhile makes this ignored_final)."""
    outcome = await db.fetch_value(
        app,
        "select internal.apply_share_event('payment_intent.succeeded', %s::jsonb,"
        " to_timestamp(%s))",
        (json.dumps(intent.to_dict()), int(intent.created)),
    )
    if outcome in ("amount_mismatch", "unknown_payment"):
        unresolved(
            f"apply_share_event answered {outcome}",
            payment_intent_id=intent.id,
            amount_cents=int(intent.amount_received or intent.amount),
            currency=str(intent.currency).upper(),
        )
    else:
        log_event(
            logger, logging.INFO, "paid_share_settled", payment_intent_id=intent.id, outcome=outcome
        )
    return str(outcome)


async def unknown_share(intent: Any, metadata: dict[str, Any]) -> str:
    amount = int(intent.amount_received or intent.amount)
    currency = str(intent.currency).upper()
    unresolved(
        "succeeded share PaymentIntent unknown to courtbook",
        payment_intent_id=intent.id,
        amount_cents=amount,
        currency=currency,
    )
    await flag(
        "unknown_payment",
        booking_id_of(metadata),
        intent.id,
        f"Stripe PaymentIntent {intent.id} (a split booking's {metadata.get('kind') or 'share'})"
        f" succeeded ({amount} {currency}) but no share payment is known",
    )
    return "unknown_payment"


async def reconcile(lookback_hours: int) -> dict[str, Any]:
    outcomes: Counter[str] = Counter()
    applied = await apply_pending_events()
    since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=lookback_hours)
    try:
        intents = await list_intents(since)
    except stripe.StripeError as exc:
        unresolved("Stripe PaymentIntent list failed", error=str(exc))
        intents = []
    paid = [i for i in intents if i.status == "succeeded"]
    states = {
        row["payment_intent_id"]: row
        for row in await db.fetch_all(
            app, "select * from internal.payment_states(%s)", ([i.id for i in paid],)
        )
    }
    shares = {
        row["payment_intent_id"]: row
        for row in await db.fetch_all(
            app,
            "select * from internal.share_payment_states(%s)",
            ([i.id for i in paid if i.id not in states],),
        )
    }
    for intent in paid:
        known = states.get(intent.id)
        if known and known["payment_status"] == "succeeded":
            continue  # applied already (confirmed, or cancelled with a refund queued)
        share = shares.get(intent.id)
        if share and share["payment_status"] == "succeeded":
            continue  # a share or cover applied already (paid, or refunded)
        metadata = intent.metadata.to_dict() if intent.metadata else {}
        try:
            if share:
                outcome = await settle_paid_share(intent)
            elif known is None and is_share_metadata(metadata):
                outcome = await unknown_share(intent, metadata)
            else:
                outcome = await settle_paid_intent(intent, known)
            outcomes[outcome] += 1
        except psycopg.Error as exc:
            unresolved(
                "could not settle a paid PaymentIntent",
                payment_intent_id=intent.id,
                error=str(exc).strip(),
            )
            outcomes["error"] += 1

    for row in await db.fetch_all(
        app,
        "select booking_id, payment_intent_id from internal.confirmed_bookings_without_payment()",
    ):
        detail = "booking confirmed but its payment has not succeeded"
        if row["payment_intent_id"]:
            try:
                intent = await client().v1.payment_intents.retrieve_async(row["payment_intent_id"])
                detail += f"; Stripe says {intent.status}"
            except stripe.StripeError as exc:
                detail += f"; Stripe not reachable: {exc}"
        await flag("booked_not_paid", row["booking_id"], row["payment_intent_id"], detail)
        unresolved(
            "booked_not_paid",
            booking_id=row["booking_id"],
            payment_intent_id=row["payment_intent_id"],
            detail=detail,
        )
        outcomes["booked_not_paid"] += 1

    result = {"events_applied": applied, "intents_seen": len(intents), "outcomes": dict(outcomes)}
    log_event(logger, logging.INFO, "reconciled", **result)
    return result


@tasks.task(name="reconcile_payments", queue="maintenance", queueing_lock="reconcile_payments")
async def reconcile_payments(timestamp: int, lookback_hours: int | None = None) -> dict[str, Any]:
    return await reconcile(lookback_hours or current_settings().reconcile_lookback_hours)
