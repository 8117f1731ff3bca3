"""POST /stripe/webhook: Stripe's signed events, stored by id, applied once.

1. The Stripe-Signature header is verified over the raw body with the stripe
   library (5-minute tolerance). Missing or bad: 400 `invalid_signature`, and
   nothing is stored.
2. The event is stored by its id (`internal.store_stripe_event`, its own
   transaction): from then on it cannot be lost.
3. It is applied in one transaction (`internal.apply_stripe_event`), which locks
   the event row, so a redelivery - also one arriving at the same moment -
   finds it applied. An event whose PaymentIntent is not recorded yet stays
   stored and unapplied; it is applied when the PaymentIntent is recorded or by
   the worker's periodic retry.
4. 200 once stored. 5xx only when the database cannot be reached (Stripe then
   delivers again; the stored id makes that harmless).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import stripe
from psycopg.types.json import Jsonb
from starlette.requests import Request
from starlette.responses import JSONResponse

from webhook.body import read_body
from webhook.errors import ApiError, invalid_input, is_connection_error
from webhook.state import services

log = logging.getLogger("webhook.stripe")
TOLERANCE_SECONDS = 300


def _bad_signature(message: str) -> ApiError:
    return ApiError(400, "invalid_signature", message)


def verified_event(payload: bytes, signature: str | None, secret: str) -> dict[str, Any]:
    if not signature:
        raise _bad_signature("Missing Stripe-Signature header")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret, TOLERANCE_SECONDS)
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        raise _bad_signature("The Stripe signature does not verify") from exc
    try:
        event = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise invalid_input("The event is not valid JSON") from exc
    if not (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and event["id"].startswith("evt_")
        and isinstance(event.get("type"), str)
        and isinstance(event.get("livemode"), bool)
        and isinstance(event.get("created"), int)
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    ):
        raise invalid_input("Not a Stripe event: id, type, livemode, created, data.object needed")
    return event


async def receive(request: Request) -> JSONResponse:
    svc = services(request)
    event = verified_event(
        await read_body(request),
        request.headers.get("stripe-signature"),
        svc.settings.stripe_webhook_secret,
    )
    new = await svc.db.value(
        "select internal.store_stripe_event(%s, %s, %s, to_timestamp(%s), null, %s)",
        (event["id"], event["type"], event["livemode"], event["created"], Jsonb(event)),
    )
    try:
        outcome = await svc.db.value(
            "select internal.apply_stripe_event(%s, %s)",
            (event["id"], svc.settings.stripe_livemode),
        )
    except Exception as exc:
        if is_connection_error(exc):
            raise
        # Stored: the periodic retry applies it. Stripe need not deliver it again.
        log.exception("applying a stored event failed", extra={"event_id": event["id"]})
        outcome = "error"
    log.info(
        "stripe event",
        extra={"event_id": event["id"], "type": event["type"], "new": new, "outcome": outcome},
    )
    return JSONResponse(
        {"received": True, "event_id": event["id"], "duplicate": not new, "outcome": outcome}
    )
