"""Every call courtbook makes to Stripe, through the official library, each
with an idempotency key.

Keys are derived from what the call is about, so a retry (ours, the library's
network retry, a second request of the app) gets Stripe's first answer back:
`customer-<user id>`, `pi-booking-<booking id>`, `pi-share-<share id>-<n>` (a player's
share of a split booking), `account-venue-<venue id>`.
Stripe forgets keys after 24 hours, so the ids are also stored in the database
and reused from there before anything is created (a key only guards the
creation itself). An account link is single-use and short-lived: its key is
per request (`account-link-<venue id>-<uuid>`), which still makes the library's
network retries of that request safe.
"""

from __future__ import annotations

import uuid
from typing import Any

import stripe

from webhook.config import Settings


class StripeGateway:
    """courtbook's Stripe calls. `http_client` replaces the library's HTTPX client
    (tests pass a recording one); STRIPE_API_BASE points it at a local Stripe."""

    def __init__(self, settings: Settings, http_client: stripe.HTTPClient | None = None) -> None:
        self.settings = settings
        config = settings.stripe_config()
        self.http = http_client or stripe.HTTPXClient(timeout=config.timeout_seconds)
        self.client = config.client(self.http)

    async def close(self) -> None:
        await self.http.close_async()

    async def create_customer(self, user_id: str, email: str | None) -> str:
        params: dict[str, Any] = {"metadata": {"user_id": user_id}}
        if email:
            params["email"] = email
        customer = await self.client.v1.customers.create_async(
            params,  # type: ignore[arg-type]
            options={"idempotency_key": f"customer-{user_id}"},
        )
        return str(customer.id)

    async def create_payment_intent(self, ctx: dict[str, Any], customer_id: str) -> Any:
        booking_id = ctx["booking_id"]
        params: dict[str, Any] = {
            "amount": int(ctx["amount_cents"]),
            "currency": str(ctx["currency"]).lower(),
            "customer": customer_id,
            "automatic_payment_methods": {"enabled": True},
            "description": f"courtbook booking {booking_id}",
            "metadata": {
                "booking_id": str(booking_id),
                "venue_id": str(ctx["venue_id"]),
                "player_id": str(ctx["player_id"]),
            },
        }
        if ctx.get("share_id"):
            params["metadata"]["share_id"] = str(ctx["share_id"])
        if ctx.get("kind"):
            params["metadata"]["kind"] = str(ctx["kind"])
        if ctx.get("setup_future_usage"):
            # The organizer of a split booking: the card is saved on their Customer
            # for the deadline's off-session charge of unpaid shares.
            params["setup_future_usage"] = str(ctx["setup_future_usage"])
        destination = ctx.get("destination_account_id")
        if destination:
            # Destination charge: the venue gets the amount minus the platform's fee.
            params["transfer_data"] = {"destination": destination}
            params["application_fee_amount"] = int(ctx.get("application_fee_cents") or 0)
        return await self.client.v1.payment_intents.create_async(
            params,  # type: ignore[arg-type]
            # What this caller pays for: `pi-booking-<id>` for a booking paid by one player.
            options={
                "idempotency_key": str(
                    ctx.get("intent_idempotency_key") or f"pi-booking-{booking_id}"
                )
            },
        )

    async def create_ephemeral_key(self, customer_id: str, stripe_version: str) -> Any:
        """A customer ephemeral key for PaymentSheet's saved cards, created with the
        Stripe-Version the app's SDK speaks (https://docs.stripe.com/payments/accept-a-payment?platform=ios).
        Short-lived and per request, so its key is per request too."""
        return await self.client.v1.ephemeral_keys.create_async(
            {"customer": customer_id},
            options={
                "stripe_version": stripe_version,
                "idempotency_key": f"ephemeral-key-{customer_id}-{uuid.uuid4()}",
            },
        )

    async def retrieve_payment_intent(self, payment_intent_id: str) -> Any:
        return await self.client.v1.payment_intents.retrieve_async(
            payment_intent_id,
            options={"idempotency_key": f"pi-retrieve-{payment_intent_id}"},
        )

    async def create_express_account(self, venue: dict[str, Any]) -> str:
        params: dict[str, Any] = {
            "type": "express",
            # The venue's country (data.venue.country, ISO 3166-1 alpha-2): Stripe
            # cannot change an account's country later.
            "country": str(venue["country"]),
            "capabilities": {
                "card_payments": {"requested": True},
                "transfers": {"requested": True},
            },
            "business_profile": {"name": venue["name"]},
            "settings": {
                "payouts": {"schedule": {"interval": "weekly", "weekly_anchor": "monday"}}
            },
            "metadata": {"venue_id": str(venue["venue_id"])},
        }
        if venue.get("owner_email"):
            params["email"] = venue["owner_email"]
        account = await self.client.v1.accounts.create_async(
            params,  # type: ignore[arg-type]
            options={"idempotency_key": f"account-venue-{venue['venue_id']}"},
        )
        return str(account.id)

    async def create_account_link(self, venue_id: int, account_id: str) -> Any:
        return await self.client.v1.account_links.create_async(
            {
                "account": account_id,
                "refresh_url": self.settings.connect_refresh_url,
                "return_url": self.settings.connect_return_url,
                "type": "account_onboarding",
            },
            options={"idempotency_key": f"account-link-{venue_id}-{uuid.uuid4()}"},
        )
