"""A local Stripe (localstripe) for tests and the local stack.

Library use (tests, the worker's tests, the end-to-end demo)::

    from tests.support.localstripe_server import LocalStripe

    with LocalStripe() as ls:                       # free port, waits until it answers
        ls.register_webhook("courtbook", "http://127.0.0.1:8000/stripe/webhook", "whsec_x")
        ls.api_base                                 # "http://127.0.0.1:<port>" -> STRIPE_API_BASE
        ls.pay("pi_...")                            # confirm as the app does: pk + client secret
        ls.pay("pi_...", "pm_card_chargeDeclined")  # declined: 402, PaymentIntent retryable
        ls.authenticate("pi_...")                   # complete a 3-D Secure challenge
        ls.complete_onboarding("acct_...")          # charges/payouts enabled + account.updated
        ls.advance_refund("re_...")                 # a test card's refund, later: succeeded/failed
        ls.submit_dispute_evidence("dp_...", won=True)  # a pm_card_createDispute dispute closes
    # the subprocess is stopped on exit (also at interpreter exit)

Command line (``make run``; from the repository root)::

    .venv/bin/python -m tests.support.localstripe_server --port 8420
    curl -fsS -X POST http://127.0.0.1:8420/_config/webhooks/courtbook \\
         -d url=http://127.0.0.1:8000/stripe/webhook -d secret="$STRIPE_WEBHOOK_SECRET"

The server is localstripe 1.15 with documented shims (``_patch_localstripe``),
because plain localstripe rejects parameters courtbook sends and knows no Connect,
and with its PaymentIntent life cycle, its authentication and its refund limits
replaced where they differ from Stripe (``tests/support/localstripe_models.py``:
a declined card leaves the PaymentIntent retryable, the publishable key with the
client secret confirms, 3-D Secure, cancel events, test PaymentMethods):

* PaymentIntent creation accepts ``automatic_payment_methods``, ``transfer_data``,
  ``application_fee_amount``, ``on_behalf_of``, ``description``, ``receipt_email``
  and keeps them on the object (plain localstripe answers 400 "Unexpected ...").
* PaymentIntent has ``amount_received`` (the amount once succeeded, else 0).
* Refund creation accepts ``reverse_transfer``, ``refund_application_fee`` and
  ``reason``, and a refund sends ``charge.refunded`` (plain localstripe sends none);
  its status follows the test cards' refund life cycle (pending, later failures).
* Disputes of ``pm_card_createDispute`` payments, closed with Stripe's test evidence.
* Minimal Connect: ``POST /v1/accounts``, ``GET|POST /v1/accounts/{id}``,
  ``POST /v1/account_links``; ``POST /_courtbook/accounts/{id}/complete`` stands in
  for the owner finishing onboarding: it enables charges and payouts and sends
  ``account.updated``.
* Nothing is written to ``/tmp/localstripe.pickle``: several instances (tests,
  ``make run``) never share state.

Idempotency keys are still ignored: they are tested on the recorded requests
(tests/support/stripe_recorder.py).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import operator
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "sk_test_courtbook_local"
PUBLISHABLE_KEY = "pk_test_courtbook_local"

PI_EXTRA_PARAMS = (
    "automatic_payment_methods",
    "transfer_data",
    "application_fee_amount",
    "on_behalf_of",
    "description",
    "receipt_email",
    "setup_future_usage",
)
REFUND_EXTRA_PARAMS = ("reverse_transfer", "refund_application_fee", "reason")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalStripe:
    """A localstripe subprocess on a free port (or `port`), stopped on exit."""

    def __init__(self, port: int | None = None, startup_timeout: float = 15.0) -> None:
        self.port = port or free_port()
        self.api_base = f"http://127.0.0.1:{self.port}"
        self.secret_key = SECRET_KEY
        self.publishable_key = PUBLISHABLE_KEY
        self._startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(prefix="localstripe-", suffix=".log", delete=False)
        self.log_path = self._log.name

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> LocalStripe:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.localstripe_server", "--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + self._startup_timeout
        while True:
            if self._proc.poll() is not None:
                raise RuntimeError(f"localstripe exited early; see {self.log_path}")
            try:
                if httpx.get(f"{self.api_base}/js.stripe.com/v3/", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"localstripe did not start; see {self.log_path}")
            time.sleep(0.1)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def __enter__(self) -> LocalStripe:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- helpers -------------------------------------------------------------
    def register_webhook(
        self, name: str, url: str, secret: str, events: list[str] | None = None
    ) -> None:
        """Send every event (or only `events`) to `url`, signed with `secret`."""
        data: dict[str, str | list[str]] = {"url": url, "secret": secret}
        if events:
            data["events[]"] = events
        r = httpx.post(f"{self.api_base}/_config/webhooks/{name}", data=data, timeout=5)
        r.raise_for_status()

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Any:
        r = httpx.request(
            method,
            f"{self.api_base}{path}",
            data=data,
            headers={"Authorization": f"Bearer {self.secret_key}"},
            timeout=10,
        )
        r.raise_for_status()
        return r.json()

    def pay(
        self,
        payment_intent_id: str,
        payment_method: str = "pm_card_visa",
        client_secret: str | None = None,
    ) -> Any:
        """What the app's PaymentSheet does: confirm with the publishable key, the
        PaymentIntent's client secret and the card the player chose. Returns the
        PaymentIntent, or Stripe's error body (402 for a declined card, whose
        PaymentIntent is back in requires_payment_method and can be paid again)."""
        secret = (
            client_secret
            or self.request("GET", f"/v1/payment_intents/{payment_intent_id}")["client_secret"]
        )
        r = httpx.post(
            f"{self.api_base}/v1/payment_intents/{payment_intent_id}/confirm",
            data={"client_secret": secret, "payment_method": payment_method},
            headers={"Authorization": f"Bearer {self.publishable_key}"},
            timeout=10,
        )
        return r.json()

    def authenticate(self, payment_intent_id: str, success: bool = True) -> Any:
        """The player completes (or fails) the 3-D Secure challenge in the SDK."""
        pi = self.request("GET", f"/v1/payment_intents/{payment_intent_id}")
        r = httpx.post(
            f"{self.api_base}/v1/payment_intents/{payment_intent_id}/_authenticate",
            data={
                "client_secret": pi["client_secret"],
                "success": "true" if success else "false",
                "key": self.publishable_key,
            },
            timeout=10,
        )
        return r.json()

    def advance_refund(self, refund_id: str) -> Any:
        """Stripe's "some time later" for the test cards' refunds: a pending one
        (pm_card_pendingRefund) succeeds, a refundFail one fails; sends
        charge.refund.updated."""
        return self.request("POST", f"/_courtbook/refunds/{refund_id}/advance")

    def refunds(self, payment_intent_id: str) -> list[Any]:
        return list(self.request("GET", f"/v1/refunds?payment_intent={payment_intent_id}")["data"])

    def disputes(self, payment_intent_id: str) -> list[Any]:
        """The disputes of a PaymentIntent (a pm_card_createDispute payment has one)."""
        return list(self.request("GET", f"/v1/disputes?payment_intent={payment_intent_id}")["data"])

    def submit_dispute_evidence(self, dispute_id: str, won: bool) -> Any:
        """Submit Stripe's test evidence: winning_evidence wins, losing_evidence loses
        (charge.dispute.updated, then charge.dispute.closed)."""
        text = "winning_evidence" if won else "losing_evidence"
        return self.request(
            "POST", f"/v1/disputes/{dispute_id}", {"evidence[uncategorized_text]": text}
        )

    def complete_onboarding(self, account_id: str) -> Any:
        """The owner finished Express onboarding: charges and payouts enabled."""
        return self.request("POST", f"/_courtbook/accounts/{account_id}/complete")


# --------------------------------------------------------------------------
# The server side: localstripe with courtbook's shims.
# --------------------------------------------------------------------------
def _patch_localstripe() -> Any:
    from aiohttp import web
    from localstripe import resources, server
    from localstripe.errors import UserError
    from localstripe.resources import (
        Charge,
        Event,
        PaymentIntent,
        Refund,
        StripeObject,
        schedule_webhook,
        store,
    )

    from tests.support import localstripe_models

    # No shared pickle file between instances.
    type(store).dump_to_disk = lambda self: None  # type: ignore[method-assign]
    type(store).try_load_from_disk = lambda self: None  # type: ignore[method-assign]

    # A listing reads only its own kind of object. localstripe scans the whole store for
    # each list, and a succeeded PaymentIntent's export lists its charge's refunds three
    # times: after a 10-minute soak (~20 000 objects, events included) a page of 100
    # PaymentIntents took seconds, and the single-threaded server answered nobody else
    # meanwhile. The same objects, in the same (insertion) order.
    by_kind: dict[str, dict[str, Any]] = {}

    def store_set(self: Any, key: str, value: Any) -> None:
        dict.__setitem__(self, key, value)
        kind, colon, _ = key.partition(":")
        if colon:
            by_kind.setdefault(kind, {})[key] = value

    def store_del(self: Any, key: str) -> None:
        dict.__delitem__(self, key)
        by_kind.get(key.partition(":")[0], {}).pop(key, None)

    def store_clear(self: Any) -> None:
        dict.clear(self)
        by_kind.clear()

    type(store).__setitem__ = store_set  # type: ignore[method-assign,assignment]
    type(store).__delitem__ = store_del  # type: ignore[method-assign,assignment]
    type(store).clear = store_clear  # type: ignore[method-assign,assignment]
    for key, value in store.items():
        store_set(store, key, value)

    def list_all(
        cls: Any, url: str, limit: Any = None, starting_after: Any = None, **kw: Any
    ) -> Any:
        if kw:
            raise UserError(400, "Unexpected " + ", ".join(kw.keys()))
        found = resources.List(url, limit=limit, starting_after=starting_after)
        found._list = list(by_kind.get(cls.object, {}).values())
        return found

    StripeObject._api_list_all = classmethod(list_all)  # type: ignore[method-assign,assignment]

    pi_init = PaymentIntent.__init__

    def payment_intent_init(self: Any, **kwargs: Any) -> None:
        extra = {k: kwargs.pop(k) for k in PI_EXTRA_PARAMS if k in kwargs}
        if "application_fee_amount" in extra:
            extra["application_fee_amount"] = int(extra["application_fee_amount"])
        pi_init(self, **kwargs)
        for k in PI_EXTRA_PARAMS:
            setattr(self, k, extra.get(k))

    PaymentIntent.__init__ = payment_intent_init  # type: ignore[method-assign]
    PaymentIntent.amount_received = property(  # type: ignore[attr-defined]
        lambda self: self.amount if self.status == "succeeded" else 0
    )

    # Reconciliation lists PaymentIntents by creation time (created[gte]=...),
    # a filter plain localstripe refuses ("Unexpected created").
    list_payment_intents = PaymentIntent._api_list_all.__func__
    bound_checks = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}

    def list_payment_intents_by_created(
        cls: Any,
        url: str,
        limit: Any = None,
        starting_after: Any = None,
        created: Any = None,
        **kw: Any,
    ) -> Any:
        found = list_payment_intents(cls, url, limit=limit, starting_after=starting_after, **kw)
        if created is not None:
            bounds = created if isinstance(created, dict) else {"gte": created, "lte": created}
            if not set(bounds) <= set(bound_checks):
                raise UserError(400, "Bad request")
            found._list = [
                pi
                for pi in found._list
                if all(bound_checks[op](pi.created, int(v)) for op, v in bounds.items())
            ]
        return found

    PaymentIntent._api_list_all = classmethod(list_payment_intents_by_created)  # type: ignore[method-assign]

    refund_init = Refund.__init__

    def refund_init_patched(self: Any, **kwargs: Any) -> None:
        extra = {k: kwargs.pop(k) for k in REFUND_EXTRA_PARAMS if k in kwargs}
        refund_init(self, **kwargs)
        self.reason = extra.get("reason")
        self.failure_reason = None
        charge = Charge._api_retrieve(self.charge)
        if not self.payment_intent:
            self.payment_intent = charge.payment_intent
        # the test cards' refund life cycle (localstripe_models' docstring)
        self.status = localstripe_models.refund_status_at_creation(charge)
        schedule_webhook(Event("charge.refunded", charge))

    Refund.__init__ = refund_init_patched  # type: ignore[method-assign]

    class Account(StripeObject):
        object = "account"
        _id_prefix = "acct_"

        def __init__(self, type: str | None = None, **kwargs: Any) -> None:
            if type not in ("express", "standard", "custom", None):
                raise UserError(400, "Bad request")
            super().__init__()
            self.type = type or "express"
            self.email = kwargs.get("email")
            self.country = kwargs.get("country", "FR")
            self.business_profile = kwargs.get("business_profile") or {}
            self.capabilities = {k: "inactive" for k in (kwargs.get("capabilities") or {})}
            self.settings = kwargs.get("settings") or {}
            self.metadata = kwargs.get("metadata") or {}
            self.charges_enabled = False
            self.payouts_enabled = False
            self.details_submitted = False

    class AccountLink(StripeObject):
        object = "account_link"
        _id_prefix = "acctlink_"

        def __init__(
            self,
            account: str | None = None,
            refresh_url: str | None = None,
            return_url: str | None = None,
            type: str | None = None,
            **kwargs: Any,
        ) -> None:
            if not account or type != "account_onboarding":
                raise UserError(400, "Bad request")
            Account._api_retrieve(account)
            super().__init__()
            self.account = account
            self.refresh_url = refresh_url
            self.return_url = return_url
            self.expires_at = self.created + 300
            self.url = f"http://localstripe.invalid/connect/onboarding/{account}/{self.id}"

    resources.Account = Account  # type: ignore[attr-defined]

    async def complete(request: web.Request) -> web.Response:
        acct = Account._api_retrieve(request.match_info["id"])
        acct.charges_enabled = True
        acct.payouts_enabled = True
        acct.details_submitted = True
        acct.capabilities = {k: "active" for k in acct.capabilities} or {
            "card_payments": "active",
            "transfers": "active",
        }
        schedule_webhook(Event("account.updated", acct))
        return server.json_response(acct._export())

    router = server.app.router
    router.add_post("/_courtbook/accounts/{id}/complete", complete)
    router.add_post("/v1/accounts", server.api_create(Account, "/v1/accounts"))
    router.add_get("/v1/accounts/{id}", server.api_retrieve(Account, "/v1/accounts/{id}"))
    router.add_post("/v1/accounts/{id}", server.api_update(Account, "/v1/accounts/{id}"))
    router.add_post("/v1/account_links", server.api_create(AccountLink, "/v1/account_links"))

    localstripe_models.install(server)
    return server


def main(argv: list[str] | None = None) -> None:
    import logging

    from aiohttp import web

    parser = argparse.ArgumentParser(description="localstripe with courtbook's shims")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    server = _patch_localstripe()
    logger = logging.getLogger("aiohttp.access")
    logger.setLevel(logging.INFO)
    logger.addHandler(logging.StreamHandler())
    with contextlib.suppress(KeyboardInterrupt):
        web.run_app(server.app, host=args.host, port=args.port, access_log=logger, print=None)


if __name__ == "__main__":
    main()
