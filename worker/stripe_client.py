"""The official Stripe library for the worker, configured like the webhook service's
(service_common.stripe_config: the same variables, a missing STRIPE_SECRET_KEY is
an error, never a placeholder). Built at start-up by `worker.app.configure` from
the StripeConfig it is given (`courtbook-worker`: from the environment; tests: their own).
"""

from __future__ import annotations

import stripe

from service_common.stripe_config import StripeConfig

_client: stripe.StripeClient | None = None


def configure(
    config: StripeConfig, http_client: stripe.HTTPClient | None = None
) -> stripe.StripeClient:
    """Build the worker's client from `config` and keep it; `http_client` replaces
    the library's HTTPX client (tests record requests)."""
    global _client
    _client = config.client(http_client)
    return _client


class NotConfigured(RuntimeError):
    pass


def client() -> stripe.StripeClient:
    """The client worker.app.configure built (never one made up from defaults)."""
    if _client is None:
        raise NotConfigured("the worker's Stripe client is not configured (worker.app.configure)")
    return _client


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
