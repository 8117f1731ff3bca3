"""POST /payments/connect/onboarding {venue_id}: the venue's Stripe Express
account (created once, weekly payouts, stored) and a fresh onboarding link.
Only the venue's owner (or an admin)."""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from webhook.auth import authenticate_session, require_role
from webhook.body import json_object, positive_id
from webhook.state import services

log = logging.getLogger("webhook.connect")


async def onboarding(request: Request) -> JSONResponse:
    svc = services(request)
    caller = await authenticate_session(
        request.headers.get("authorization"), svc.settings.jwt_secret, svc.db
    )
    require_role(caller, "owner", "admin")
    venue_id = positive_id(await json_object(request), "venue_id")

    venue: dict[str, Any] = await svc.db.value(
        "select internal.venue_for_onboarding(%s, %s, %s)", (venue_id, caller.user_id, caller.role)
    )
    account_id = venue.get("stripe_account_id")
    if not account_id:
        account_id = await svc.stripe.create_express_account(venue)
        await svc.db.value(
            "select internal.set_venue_stripe_account(%s, %s)", (venue_id, account_id)
        )
        log.info("connect account created", extra={"venue_id": venue_id, "account_id": account_id})
        # account.updated may have come before the account was stored.
        await svc.db.value(
            "select internal.apply_pending_stripe_events(%s, %s)",
            (account_id, svc.settings.stripe_livemode),
        )
    link = await svc.stripe.create_account_link(venue_id, account_id)
    return JSONResponse({"account_id": account_id, "url": link.url})
