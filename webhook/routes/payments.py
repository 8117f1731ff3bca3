"""POST /payments/intent {booking_id}: the booking's PaymentIntent, created once.

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
            # The hold ended and the worker cancelled it; payment_intent.canceled follows.
            raise ApiError(410, "hold_expired", "The hold lapsed and its payment was cancelled")
    else:
        pi = await svc.stripe.create_payment_intent(ctx, customer)
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
    return JSONResponse(
        {
            "payment_intent_id": pi.id,
            "client_secret": pi.client_secret,
            "amount_cents": int(ctx["amount_cents"]),
            "currency": ctx["currency"],
            "publishable_key": svc.settings.stripe_publishable_key,
            "customer_id": customer,
            "ephemeral_key": ephemeral_key.secret,
        }
    )
