"""The official Stripe library, configured from the environment.

STRIPE_SECRET_KEY, STRIPE_API_BASE (only to point at a local Stripe),
STRIPE_TIMEOUT_SECONDS (default 30), STRIPE_MAX_NETWORK_RETRIES (default 2; the
library retries with the same idempotency key).
"""

from __future__ import annotations

import os
from functools import lru_cache

import stripe


@lru_cache(maxsize=1)
def client() -> stripe.StripeClient:
    base = os.environ.get("STRIPE_API_BASE") or None
    return stripe.StripeClient(
        os.environ.get("STRIPE_SECRET_KEY") or "sk_test_missing",
        base_addresses={"api": base} if base else None,
        http_client=stripe.HTTPXClient(
            timeout=float(os.environ.get("STRIPE_TIMEOUT_SECONDS") or 30)
        ),
        max_network_retries=int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES") or 2),
    )


def is_transient(exc: stripe.StripeError) -> bool:
    """Worth retrying later: network, rate limit, Stripe-side 5xx, bad/expired credentials."""
    if isinstance(
        exc,
        stripe.APIConnectionError
        | stripe.RateLimitError
        | stripe.APIError
        | stripe.AuthenticationError
        | stripe.PermissionError,
    ):
        return True
    status = exc.http_status or 0
    return status >= 500 or status == 409  # 409: concurrent request with the same key
