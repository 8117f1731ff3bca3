"""POST /payments/intent {booking_id}: the booking's PaymentIntent, created once;
POST /payments/balance: an organizer's split-payment balance, paid on-session.

For a split booking the organizer's PaymentIntent is their share 1, with
`setup_future_usage=off_session` (the card is saved for the deadline), and any
other player of it gets a PaymentIntent for their own share
(`internal.share_payment_context`, key `pi-share-<share>-<n>`, recorded with
`internal.record_share_intent`).

Everything about the booking (its player, its status, what the caller pays,
currency, Connect destination and fee, the idempotency key of its PaymentIntent)
comes from `internal.payment_context`; nothing from the request but the booking
id. A declined card does not end the booking: the same PaymentIntent and client
secret come back until the hold lapses. The PaymentIntent is created once (idempotency key
`pi-booking-<id>`), recorded with `internal.record_payment_intent`, and found
again from the database on the next call. Events Stripe sent for it before it
was recorded are applied right after (`internal.apply_pending_stripe_events`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from webhook.auth import authenticate_session, require_role
from webhook.body import json_object, positive_id
from webhook.errors import ApiError, invalid_input
from webhook.state import services

log = logging.getLogger("webhook.payments")
API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}(\.[a-z]+)?")


async def create_intent(request: Request) -> JSONResponse:
    svc = services(request)
    caller = await authenticate_session(
        request.headers.get("authorization"), svc.settings.jwt_secret, svc.db
    )
    require_role(caller, "player")
    body = await json_object(request)
    booking_id = positive_id(body, "booking_id")
    stripe_version = body.get("stripe_version", svc.settings.stripe_mobile_api_version)
    if not (isinstance(stripe_version, str) and API_VERSION.fullmatch(stripe_version)):
        raise invalid_input("stripe_version must be a Stripe API version like 2020-08-27")

    ctx: dict[str, Any] = await svc.db.value(
        "select internal.payment_context(%s, %s)", (booking_id, caller.user_id)
    )
    # The player's Customer: PaymentSheet offers the cards saved on it.
    customer = ctx.get("stripe_customer_id")
    if not customer:
        customer = await svc.stripe.create_customer(str(caller.user_id), ctx.get("player_email"))
        await svc.db.value(
            "select internal.set_stripe_customer(%s, %s)", (caller.user_id, customer)
        )
    existing = ctx.get("payment_intent_id")
    if existing:
        # After a declined card the PaymentIntent is back in requires_payment_method:
        # the app retries on it with another card (the same client secret).
        pi = await svc.stripe.retrieve_payment_intent(existing)
        if pi.status == "canceled":
            if ctx.get("kind") == "share":
                # Cancelled at Stripe before its event reached us: the share ends it.
                raise ApiError(409, "share_closed", "This share's payment was cancelled")
            # The hold ended and the worker cancelled it; payment_intent.canceled follows.
            raise ApiError(410, "hold_expired", "The hold lapsed and its payment was cancelled")
    else:
        pi = await svc.stripe.create_payment_intent(ctx, customer)
        if ctx.get("kind") == "share":
            # A player's share of a split booking (data.share_payment, stored first).
            await svc.db.value(
                "select internal.record_share_intent(%s, %s, %s)",
                (int(ctx["share_payment_id"]), pi.id, bool(getattr(pi, "livemode", False))),
            )
        else:
            await svc.db.value(
                "select internal.record_payment_intent(%s, %s, %s, %s, %s, %s, %s)",
                (
                    booking_id,
                    pi.id,
                    int(ctx["amount_cents"]),
                    ctx["currency"],
                    int(ctx.get("application_fee_cents") or 0),
                    ctx.get("destination_account_id"),
                    bool(getattr(pi, "livemode", False)),
                ),
            )
        log.info(
            "payment intent created",
            extra={"booking_id": booking_id, "payment_intent_id": pi.id},
        )
    applied = await svc.db.value(
        "select internal.apply_pending_stripe_events(%s, %s)",
        (pi.id, svc.settings.stripe_livemode),
    )
    if applied:
        log.info("applied waiting events", extra={"payment_intent_id": pi.id, "applied": applied})
    ephemeral_key = await svc.stripe.create_ephemeral_key(customer, stripe_version)
    answer: dict[str, Any] = {
        "payment_intent_id": pi.id,
        "client_secret": pi.client_secret,
        "amount_cents": int(ctx["amount_cents"]),
        "currency": ctx["currency"],
        "publishable_key": svc.settings.stripe_publishable_key,
        "customer_id": customer,
        "ephemeral_key": ephemeral_key.secret,
    }
    if ctx.get("kind") in ("share", "organizer_share"):
        answer["kind"] = ctx["kind"]
    if ctx.get("share_id"):
        answer["share_id"] = int(ctx["share_id"])
        answer["pay_by"] = ctx.get("pay_by")
    return JSONResponse(answer)


async def pay_balance(request: Request) -> JSONResponse:
    """POST /payments/balance {booking_id?}: the organizer pays what the deadline's
    off-session charge could not take, on-session, with the same PaymentIntent
    (Stripe's way after authentication_required: the customer confirms it in the
    app, with 3-D Secure if asked, or with another card). `internal.balance_context`
    finds the caller's open balance (404 `not_found` without one)."""
    svc = services(request)
    caller = await authenticate_session(
        request.headers.get("authorization"), svc.settings.jwt_secret, svc.db
    )
    require_role(caller, "player")
    body = await json_object(request)
    booking_id = positive_id(body, "booking_id") if body.get("booking_id") is not None else None
    stripe_version = body.get("stripe_version", svc.settings.stripe_mobile_api_version)
    if not (isinstance(stripe_version, str) and API_VERSION.fullmatch(stripe_version)):
        raise invalid_input("stripe_version must be a Stripe API version like 2020-08-27")
    ctx: dict[str, Any] = await svc.db.value(
        "select internal.balance_context(%s, %s)", (caller.user_id, booking_id)
    )
    customer = ctx.get("stripe_customer_id")
    if not customer:
        customer = await svc.stripe.create_customer(str(caller.user_id), ctx.get("player_email"))
        await svc.db.value(
            "select internal.set_stripe_customer(%s, %s)", (caller.user_id, customer)
        )
    if ctx.get("payment_intent_id"):
        pi = await svc.stripe.retrieve_payment_intent(str(ctx["payment_intent_id"]))
    else:
        # No saved card was there to charge at the deadline: a PaymentIntent now,
        # under the cover's own key (pi-cover-<booking>).
        pi = await svc.stripe.create_payment_intent(ctx, customer)
        await svc.db.value(
            "select internal.record_share_intent(%s, %s, %s)",
            (int(ctx["share_payment_id"]), pi.id, bool(getattr(pi, "livemode", False))),
        )
    ephemeral_key = await svc.stripe.create_ephemeral_key(customer, stripe_version)
    return JSONResponse(
        {
            "balance_id": int(ctx["balance_id"]),
            "booking_id": int(ctx["booking_id"]),
            "payment_intent_id": pi.id,
            "client_secret": pi.client_secret,
            "status": pi.status,
            "amount_cents": int(ctx["amount_cents"]),
            "currency": ctx["currency"],
            "publishable_key": svc.settings.stripe_publishable_key,
            "customer_id": customer,
            "ephemeral_key": ephemeral_key.secret,
        }
    )
