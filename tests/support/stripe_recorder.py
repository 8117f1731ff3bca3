"""Record what the stripe library sends, for tests of parameters and idempotency keys.

    recorder = RecordingHTTPClient()                  # answers like a tiny fake Stripe
    recorder = RecordingHTTPClient(forward=True)      # or passes requests on (localstripe)
    app = create_app(settings, stripe_http_client=recorder)
    ...
    recorder.requests   # [Recorded(method, path, headers, params), ...]

`params` is the form body (or query) flattened the way Stripe encodes it:
``{"transfer_data[destination]": "acct_1", "application_fee_amount": "150", ...}``.
The fake answers creates of customers, payment intents, accounts and account
links, and retrieves of payment intents, with plausible objects; the same
Idempotency-Key returns the same object, as Stripe does.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    params: dict[str, str]

    @property
    def idempotency_key(self) -> str | None:
        for k, v in self.headers.items():
            if k.lower() == "idempotency-key":
                return v
        return None


@dataclass
class FakeStripe:
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Ids the next creates will get, by prefix: next_ids["pi_"] = ["pi_known"].
    next_ids: dict[str, list[str]] = field(default_factory=dict)

    def _id(self, prefix: str) -> str:
        preset = self.next_ids.get(prefix)
        return preset.pop(0) if preset else prefix + secrets.token_hex(7)

    def answer(self, method: str, path: str, key: str | None, p: dict[str, str]) -> Any:
        if method == "post" and key and key in self.by_key:
            return self.by_key[key]
        obj: dict[str, Any] | None = None
        if method == "post" and path == "/v1/customers":
            obj = {"id": self._id("cus_"), "object": "customer", "email": p.get("email")}
        elif method == "post" and path == "/v1/payment_intents":
            pid = self._id("pi_")
            obj = {
                "id": pid,
                "object": "payment_intent",
                "amount": int(p["amount"]),
                "currency": p["currency"],
                "client_secret": f"{pid}_secret_{secrets.token_hex(8)}",
                "status": "requires_payment_method",
                "livemode": False,
            }
        elif method == "post" and path == "/v1/ephemeral_keys":
            obj = {
                "id": self._id("ephkey_"),
                "object": "ephemeral_key",
                "associated_objects": [{"id": p.get("customer"), "type": "customer"}],
                "secret": f"ek_test_{secrets.token_hex(12)}",
                "expires": 0,
            }
        elif method == "get" and path.startswith("/v1/payment_intents/"):
            return self.objects.get(path.rsplit("/", 1)[1])
        elif method == "post" and path == "/v1/accounts":
            obj = {"id": self._id("acct_"), "object": "account", "type": p.get("type")}
        elif method == "post" and path == "/v1/account_links":
            obj = {
                "object": "account_link",
                "url": f"https://connect.stripe.test/setup/{secrets.token_hex(6)}",
                "expires_at": 0,
            }
        if obj is None:
            return None
        if "id" in obj:
            self.objects[obj["id"]] = obj
        if key:
            self.by_key[key] = obj
        return obj


class RecordingHTTPClient(stripe.HTTPXClient):
    name = "recording-httpx"

    def __init__(self, forward: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.forward = forward
        self.fake = FakeStripe()
        self.requests: list[Recorded] = []

    def calls(self, method: str, path_prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    async def request_async(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any = None
    ) -> tuple[bytes, int, Mapping[str, str]]:
        parts = urlsplit(url)
        raw = post_data.decode() if isinstance(post_data, bytes) else (post_data or parts.query)
        rec = Recorded(method, parts.path, dict(headers), dict(parse_qsl(raw or "")))
        self.requests.append(rec)
        if self.forward:
            return await super().request_async(method, url, headers, post_data)
        obj = self.fake.answer(method, parts.path, rec.idempotency_key, rec.params)
        if obj is None:
            err = {"error": {"type": "invalid_request_error", "message": f"no fake for {url}"}}
            return json.dumps(err).encode(), 404, {"request-id": "req_fake"}
        return json.dumps(obj).encode(), 200, {"request-id": "req_fake"}
