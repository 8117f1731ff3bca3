"""One Stripe configuration for the webhook service and the worker.

The same variables for both: STRIPE_SECRET_KEY (required: a missing key is a
start-up error, never a placeholder), STRIPE_API_BASE (only to point at a local
Stripe), STRIPE_TIMEOUT_SECONDS (default 20), STRIPE_MAX_NETWORK_RETRIES
(default 2; the library retries with the same idempotency key, which every
courtbook request carries).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import stripe


class StripeConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class StripeConfig:
    secret_key: str
    api_base: str | None = None
    timeout_seconds: float = 20.0
    max_network_retries: int = 2

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> StripeConfig:
        e = os.environ if env is None else env
        key = (e.get("STRIPE_SECRET_KEY") or "").strip()
        if not key:
            raise StripeConfigError("STRIPE_SECRET_KEY is not set")
        try:
            timeout = float(e.get("STRIPE_TIMEOUT_SECONDS") or cls.timeout_seconds)
            retries = int(e.get("STRIPE_MAX_NETWORK_RETRIES") or cls.max_network_retries)
        except ValueError as exc:
            raise StripeConfigError(f"bad Stripe setting: {exc}") from exc
        return cls(
            secret_key=key,
            api_base=(e.get("STRIPE_API_BASE") or "").strip() or None,
            timeout_seconds=timeout,
            max_network_retries=retries,
        )

    def client(self, http_client: stripe.HTTPClient | None = None) -> stripe.StripeClient:
        """The library's client; `http_client` replaces its HTTPX client (tests record)."""
        base = {"api": self.api_base, "connect": self.api_base} if self.api_base else None
        return stripe.StripeClient(
            self.secret_key,
            base_addresses=base,  # type: ignore[arg-type]
            max_network_retries=self.max_network_retries,
            http_client=http_client or stripe.HTTPXClient(timeout=self.timeout_seconds),
        )
