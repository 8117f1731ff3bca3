"""The official Stripe library for the worker, configured like the webhook service's
(service_common.stripe_config: the same variables, a missing STRIPE_SECRET_KEY is
an error, never a placeholder). `worker.main` builds it at start-up; tests give
their own with `configure()`.
"""

from __future__ import annotations

import stripe

from service_common.stripe_config import StripeConfig

_client: stripe.StripeClient | None = None


def configure(
    config: StripeConfig | None = None, http_client: stripe.HTTPClient | None = None
) -> stripe.StripeClient:
    """Build the worker's client from `config` (default: the environment) and keep it;
    `http_client` replaces the library's HTTPX client (tests record requests)."""
    global _client
    _client = (config or StripeConfig.from_env()).client(http_client)
    return _client


def client() -> stripe.StripeClient:
    """The configured client (built from the environment on first use when a worker
    was started by `procrastinate worker` rather than `courtbook-worker`)."""
    return _client or configure()


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
