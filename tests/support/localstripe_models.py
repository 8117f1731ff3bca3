"""Where localstripe's model of Stripe is wrong for courtbook's flows, the model
is replaced here (installed by ``localstripe_server._patch_localstripe``). Every
rule cites the Stripe documentation it follows.

PaymentIntent life cycle (localstripe derives ``status`` from its last charge,
so a PaymentIntent whose card was declined could never be confirmed again; it
refuses ``payment_method`` on confirm and the publishable key the SDKs use;
cancel sends no event). Here the status is explicit state:

* ``requires_payment_method`` → (``payment_method`` attached by update or by
  confirm) ``requires_confirmation`` → confirm → ``succeeded``, or
  ``requires_action`` for a card that needs 3-D Secure, or back to
  ``requires_payment_method`` with ``last_payment_error`` when the card is
  declined ("If payment fails, the PaymentIntent transitions to the
  requires_payment_method status", https://docs.stripe.com/api/payment_intents/confirm).
  The declined attempt answers 402 ``card_error`` carrying the PaymentIntent,
  sends ``payment_intent.payment_failed``, and the same PaymentIntent can be
  confirmed again with another card (https://docs.stripe.com/payments/paymentintents/lifecycle).
* Confirm works with the publishable key and the PaymentIntent's client secret,
  as Stripe's mobile SDKs and Stripe.js do ("payment may be attempted using our
  client SDKs and the PaymentIntent's client_secret",
  https://docs.stripe.com/api/payment_intents/confirm); retrieve too
  (https://docs.stripe.com/js/payment_intents/retrieve_payment_intent). Any
  other call with a publishable key is refused (401), as Stripe does.
* ``requires_action``: ``payment_intent.requires_action`` is sent and
  ``next_action`` is ``use_stripe_sdk``; the test completes (or fails) the
  challenge with ``POST /v1/payment_intents/{id}/_authenticate`` (localstripe's
  stand-in for the SDK's 3-D Secure screen; ``client_secret``, ``success``).
  Success charges the card (a card may still be declined after authentication:
  4000008400001629); failure goes back to ``requires_payment_method`` with
  ``payment_intent_authentication_failure`` and ``payment_intent.payment_failed``
  (https://docs.stripe.com/payments/3d-secure/authentication-flow#testing).
  Off-session (``off_session=true``), a card that needs authentication is
  declined with ``authentication_required`` (https://docs.stripe.com/testing#authentication-and-setup).
* Cancel is allowed from ``requires_payment_method``, ``requires_capture``,
  ``requires_confirmation`` and ``requires_action``, records
  ``cancellation_reason``/``canceled_at`` and sends ``payment_intent.canceled``;
  from any other status it answers 400 ``payment_intent_unexpected_state``
  (https://docs.stripe.com/api/payment_intents/cancel).
* Test PaymentMethods (https://docs.stripe.com/testing?testing-method=payment-methods):
  ``pm_card_visa`` succeeds; ``pm_card_chargeDeclined`` (4000000000000002,
  generic_decline), ``pm_card_chargeDeclinedInsufficientFunds`` (…9995),
  ``pm_card_chargeCustomerFail`` (…0341: attaches, every charge declined);
  ``pm_card_threeDSecure2Required`` (4000000000003220: 3-D Secure on every
  payment), ``pm_card_authenticationRequired`` (4000002760003184: always
  authenticates), ``pm_card_authenticationRequiredChargeDeclinedInsufficientFunds``
  (4000008260003178); ``pm_card_createDispute`` (4000000000000259: succeeds,
  then a dispute, see below).

Saved cards: a PaymentIntent created with ``setup_future_usage`` and a
``customer`` attaches its PaymentMethod to the customer when it succeeds; an
off-session PaymentIntent (``off_session=true``, ``confirm=true``) with a
``customer`` must use a PaymentMethod saved on that customer, else 400, as Stripe
refuses reusing an unattached one (https://docs.stripe.com/payments/save-during-payment).

Customer ephemeral keys (PaymentSheet's saved cards): ``POST /v1/ephemeral_keys``
with ``customer`` and a ``Stripe-Version`` header (required, as Stripe's own
libraries insist: https://docs.stripe.com/payments/accept-a-payment?platform=ios,
"Add an endpoint"), answering ``ephemeral_key`` objects with ``secret``,
``associated_objects`` and ``expires``; ``DELETE /v1/ephemeral_keys/{id}``
expires one.

Refunds: a refund larger than what is left of the charge is refused
(``amount_too_large``; ``charge_already_refunded`` once nothing is left,
https://docs.stripe.com/api/refunds/create, https://docs.stripe.com/error-codes).
The refund life cycle of Stripe's test cards (https://docs.stripe.com/testing#refunds,
https://docs.stripe.com/refunds#refund-statuses): a refund of a
``pm_card_pendingRefund`` payment (4000000000007726, "asynchronous success")
begins ``pending``; of a ``pm_card_refundFail`` payment (4000000000005126,
"asynchronous failure") begins ``succeeded``; of any other card it is
``succeeded`` and stays so. "Some time later" is when a test says so:
``POST /_courtbook/refunds/{id}/advance`` moves a pending one to ``succeeded``
and a refundFail one to ``failed`` (``failure_reason``
``expired_or_canceled_card``; the charge's ``amount_refunded`` no longer counts
it, as the money goes back to the balance: https://docs.stripe.com/refunds#failed-refunds),
and sends ``charge.refund.updated`` (plus ``refund.failed`` for a failure);
any other refund answers 400. ``metadata`` and ``failure_reason`` are on the
refund object, as on Stripe's (https://docs.stripe.com/api/refunds/object).

Disputes (https://docs.stripe.com/testing#disputes, https://docs.stripe.com/api/disputes):
a ``pm_card_createDispute`` payment (4000000000000259) succeeds and is then
disputed as ``fraudulent``: a dispute object (``dp_``; ``needs_response``,
amount of the charge, ``evidence_details.due_by`` 7 days on, ``charge``,
``payment_intent``) and ``charge.dispute.created``; the charge is ``disputed``.
``GET /v1/disputes/{id}``, ``GET /v1/disputes?payment_intent=…``. Updating it
with evidence (``POST /v1/disputes/{id}``, ``evidence[uncategorized_text]``)
submits it: ``winning_evidence`` wins it, ``losing_evidence`` loses it (Stripe's
documented test evidence), other text leaves it ``under_review``; each step sends
``charge.dispute.updated``, a won or lost one also ``charge.dispute.closed``.
``POST /v1/disputes/{id}/close`` accepts it: ``lost`` and ``charge.dispute.closed``
(https://docs.stripe.com/api/disputes/close).
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

# Test card numbers by the test PaymentMethod id Stripe accepts for them.
TEST_PAYMENT_METHODS = {
    "pm_card_chargeDeclined": "4000000000000002",
    "pm_card_chargeDeclinedInsufficientFunds": "4000000000009995",
    "pm_card_threeDSecure2Required": "4000000000003220",
    "pm_card_authenticationRequired": "4000002760003184",
    "pm_card_authenticationRequiredOnSetup": "4000002500003155",
    "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds": "4000008260003178",
    "pm_card_createDispute": "4000000000000259",
    "pm_card_pendingRefund": "4000000000007726",
    "pm_card_refundFail": "4000000000005126",
}
PENDING_REFUND_CARD = "4000000000007726"
REFUND_FAIL_CARD = "4000000000005126"
DISPUTE_CARD = "4000000000000259"
DISPUTE_EVIDENCE_DAYS = 7


def refund_status_at_creation(charge: Any) -> str:
    """A new refund's status by the card it gives money back to (module docstring)."""
    from localstripe import resources as r

    try:
        pm = r.PaymentMethod._api_retrieve(charge.payment_method)
    except Exception:  # a source that is not a PaymentMethod: a plain card
        return "succeeded"
    number = str(getattr(pm, "_card_number", ""))
    return "pending" if number == PENDING_REFUND_CARD else "succeeded"


# decline_code and message by card number (https://docs.stripe.com/testing#declined-payments).
DECLINES = {
    "4000000000000002": ("generic_decline", "Your card was declined."),
    "4000000000009995": ("insufficient_funds", "Your card has insufficient funds."),
    "4000000000009987": ("lost_card", "Your card was declined."),
    "4000000000009979": ("stolen_card", "Your card was declined."),
    "4000000000000069": ("expired_card", "Your card has expired."),
    "4000000000000127": ("incorrect_cvc", "Your card's security code is incorrect."),
    "4000000000000119": ("processing_error", "An error occurred while processing your card."),
    "4000000000000341": ("generic_decline", "Your card was declined."),
    "4000008260003178": ("insufficient_funds", "Your card has insufficient funds."),
    "4000008400001629": ("generic_decline", "Your card was declined."),
}
CANCELLABLE = (
    "requires_payment_method",
    "requires_capture",
    "requires_confirmation",
    "requires_action",
)
CONFIRMABLE = ("requires_payment_method", "requires_confirmation", "requires_action")
AUTH_REQUIRED_MESSAGE = "Your card was declined. This transaction requires authentication."
AUTH_FAILED_MESSAGE = (
    "We are unable to authenticate your payment method. "
    "Please choose a different payment method and try again."
)
# What a publishable key may call (with the client secret for a PaymentIntent).
PUBLISHABLE_ROUTES = (
    ("POST", re.compile(r"^/v1/payment_methods$"), False),
    ("POST", re.compile(r"^/v1/tokens$"), False),
    ("POST", re.compile(r"^/v1/sources$"), False),
    ("GET", re.compile(r"^/v1/payment_intents/(?P<id>pi_\w+)$"), True),
    ("POST", re.compile(r"^/v1/payment_intents/(?P<id>pi_\w+)/confirm$"), True),
    ("POST", re.compile(r"^/v1/payment_intents/(?P<id>pi_\w+)/_authenticate$"), True),
    ("POST", re.compile(r"^/v1/setup_intents/\w+/(confirm|cancel)$"), False),
)


def install(server: Any) -> None:
    """Replace localstripe's PaymentIntent life cycle, its authentication and
    refund limits (module docstring)."""
    from aiohttp import web
    from localstripe import resources as r
    from localstripe.errors import UserError

    PaymentIntent, PaymentMethod, Charge, Refund = (
        r.PaymentIntent,
        r.PaymentMethod,
        r.Charge,
        r.Refund,
    )

    def error(status: int, message: str, kind: str = "invalid_request_error", **fields: Any) -> Any:
        exc = UserError(status, message, dict(fields))
        exc.body["error"]["type"] = kind
        return exc

    def unexpected_state(pi: Any, action: str) -> Any:
        return error(
            400,
            f"You cannot {action} this PaymentIntent because it has a status of {pi.status}.",
            code="payment_intent_unexpected_state",
            payment_intent=pi._export(),
        )

    # -- test PaymentMethods ---------------------------------------------------
    canonical = PaymentMethod._try_get_canonical_test_article.__func__

    def test_article(cls: Any, id: str) -> Any:
        number = TEST_PAYMENT_METHODS.get(id)
        if number:
            card = {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"}
            return PaymentMethod(type="card", card=card)
        return canonical(cls, id)

    PaymentMethod._try_get_canonical_test_article = classmethod(test_article)

    def resolve_payment_method(pm_id: Any) -> Any:
        if not isinstance(pm_id, str) or not pm_id.startswith(("pm_", "card_", "src_")):
            raise error(400, "Invalid payment_method", code="parameter_invalid_string")
        return PaymentMethod._api_retrieve(pm_id)

    def card_number(pm: Any) -> str:
        return str(getattr(pm, "_card_number", ""))

    # -- the PaymentIntent as a state machine ----------------------------------
    pi_init = PaymentIntent.__init__

    def init(self: Any, **kwargs: Any) -> None:
        pi_init(self, **kwargs)
        self._status = "requires_confirmation" if self.payment_method else "requires_payment_method"
        self._last_payment_error = None
        self._authenticated = False
        self.canceled_at = None
        self.cancellation_reason = None
        if self.payment_method:
            self.payment_method = resolve_payment_method(self.payment_method).id

    PaymentIntent.__init__ = init
    PaymentIntent.status = property(lambda self: self._status)
    PaymentIntent.last_payment_error = property(lambda self: self._last_payment_error)

    def fail(self: Any, last_error: dict[str, Any]) -> None:
        """Back to requires_payment_method: the player may retry with another card."""
        self._status = "requires_payment_method"
        self._last_payment_error = last_error
        self.payment_method = None
        self.next_action = None
        self._authenticated = False
        r.schedule_webhook(r.Event("payment_intent.payment_failed", self))

    def attempt(self: Any, off_session: bool = False) -> None:
        pm = PaymentMethod._api_retrieve(self.payment_method)
        self._last_payment_error = None
        if pm._requires_authentication() and not self._authenticated:
            if off_session:
                fail(
                    self,
                    {
                        "type": "card_error",
                        "code": "authentication_required",
                        "decline_code": "authentication_required",
                        "message": AUTH_REQUIRED_MESSAGE,
                        "payment_method": pm._export(),
                    },
                )
                raise error(
                    402,
                    AUTH_REQUIRED_MESSAGE,
                    "card_error",
                    code="authentication_required",
                    decline_code="authentication_required",
                    payment_intent=self._export(),
                )
            self._status = "requires_action"
            self.next_action = {
                "type": "use_stripe_sdk",
                "use_stripe_sdk": {"type": "three_d_secure_redirect", "stripe_js": ""},
            }
            r.schedule_webhook(r.Event("payment_intent.requires_action", self))
            return
        charge = Charge(
            amount=self.amount, currency=self.currency, customer=self.customer, source=pm.id
        )
        charge.payment_intent = self.id
        self.latest_charge = charge
        number = card_number(pm)
        if number in DECLINES or pm._charging_is_declined() or pm._attaching_is_declined():
            decline_code, message = DECLINES.get(
                number, ("generic_decline", "Your card was declined.")
            )
            charge.status = "failed"
            charge.failure_code = "card_declined"
            charge.failure_message = message
            self.next_action = None
            fail(
                self,
                {
                    "type": "card_error",
                    "code": "card_declined",
                    "decline_code": decline_code,
                    "message": message,
                    "charge": charge.id,
                    "payment_method": pm._export(),
                },
            )
            raise error(
                402,
                message,
                "card_error",
                code="card_declined",
                decline_code=decline_code,
                charge=charge.id,
                payment_intent=self._export(),
            )
        self.next_action = None
        charge._trigger_payment()  # succeeded, with its balance transaction
        self._status = "succeeded"
        if getattr(self, "setup_future_usage", None) and self.customer:
            # Saved for later: "the PaymentMethod is attached to the Customer once
            # the PaymentIntent succeeds" (https://docs.stripe.com/api/payment_intents/create#create_payment_intent-setup_future_usage).
            pm.customer = self.customer
        r.schedule_webhook(r.Event("payment_intent.succeeded", self))
        if number == DISPUTE_CARD:
            open_dispute(charge)

    def api_create(cls: Any, confirm: Any = None, off_session: Any = None, **data: Any) -> Any:
        confirm = r.try_convert_to_bool(confirm)
        off_session = r.try_convert_to_bool(off_session)
        if off_session and data.get("payment_method") and data.get("customer"):
            # Off-session charges reuse a card saved on the customer
            # (https://docs.stripe.com/payments/save-during-payment#charge-saved-payment-method).
            saved = resolve_payment_method(data["payment_method"])
            if getattr(saved, "customer", None) != data["customer"]:
                raise error(
                    400,
                    "The provided PaymentMethod was previously used without being attached to a"
                    " Customer or was detached from a Customer, and may not be used again.",
                    param="payment_method",
                )
        obj = super(PaymentIntent, cls)._api_create(**data)  # type: ignore[misc]
        if confirm:
            if not obj.payment_method:
                raise unexpected_state(obj, "confirm")
            attempt(obj, off_session=bool(off_session))
        return obj

    PaymentIntent._api_create = classmethod(api_create)

    def api_update(cls: Any, id: str, **data: Any) -> Any:
        obj = cls._api_retrieve(id)
        if obj.status in ("succeeded", "canceled", "processing"):
            raise unexpected_state(obj, "update")
        pm = data.pop("payment_method", None)
        if pm is not None:
            obj.payment_method = resolve_payment_method(pm).id
            obj._status = "requires_confirmation"
            obj.next_action = None
            obj._authenticated = False
        if data:
            obj._update(**data)
        return obj

    PaymentIntent._api_update = classmethod(api_update)

    def api_confirm(
        id: str,
        payment_method: Any = None,
        client_secret: Any = None,
        return_url: Any = None,
        use_stripe_sdk: Any = None,
        off_session: Any = None,
        **kwargs: Any,
    ) -> Any:
        if kwargs:
            raise UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
        obj = PaymentIntent._api_retrieve(id)
        if obj.status not in CONFIRMABLE:
            raise unexpected_state(obj, "confirm")
        if payment_method is not None:
            obj.payment_method = resolve_payment_method(payment_method).id
            obj._authenticated = False
        if not obj.payment_method:
            raise error(
                400,
                "You cannot confirm this PaymentIntent because it's missing a payment method.",
                code="payment_intent_unexpected_state",
            )
        attempt(obj, off_session=bool(r.try_convert_to_bool(off_session)))
        return obj

    def api_authenticate(
        id: str, client_secret: Any = None, success: Any = False, **kwargs: Any
    ) -> Any:
        obj = PaymentIntent._api_retrieve(id)
        if client_secret != obj.client_secret:
            raise UserError(401, "Unauthorized")
        if obj.status != "requires_action":
            raise unexpected_state(obj, "authenticate")
        obj.next_action = None
        if r.try_convert_to_bool(success):
            obj._authenticated = True
            attempt(obj)
        else:
            fail(
                obj,
                {
                    "type": "invalid_request_error",
                    "code": "payment_intent_authentication_failure",
                    "message": AUTH_FAILED_MESSAGE,
                },
            )
        return obj

    def api_cancel(id: str, cancellation_reason: Any = None, **kwargs: Any) -> Any:
        if kwargs:
            raise UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
        reasons = (None, "duplicate", "fraudulent", "requested_by_customer", "abandoned")
        if cancellation_reason not in reasons:
            raise error(400, "Invalid cancellation_reason", code="parameter_invalid_string")
        obj = PaymentIntent._api_retrieve(id)
        if obj.status not in CANCELLABLE:
            raise unexpected_state(obj, "cancel")
        obj._status = "canceled"
        obj._canceled = True
        obj.next_action = None
        obj.canceled_at = int(time.time())
        obj.cancellation_reason = cancellation_reason
        r.schedule_webhook(r.Event("payment_intent.canceled", obj))
        return obj

    replace_route(
        server, "POST", "/v1/payment_intents/{id}/confirm", server.api_extra(api_confirm, "")
    )
    replace_route(
        server, "POST", "/v1/payment_intents/{id}/cancel", server.api_extra(api_cancel, "")
    )
    replace_route(
        server,
        "POST",
        "/v1/payment_intents/{id}/_authenticate",
        server.api_extra(api_authenticate, ""),
    )

    # -- refunds never exceed what is left of the charge -----------------------
    refund_init = Refund.__init__

    def refund_limited(
        self: Any, charge: Any = None, payment_intent: Any = None, amount: Any = None, **kw: Any
    ) -> None:
        if payment_intent is not None and charge is None:
            pi = PaymentIntent._api_retrieve(payment_intent)
            if pi.status != "succeeded":
                raise error(
                    400,
                    "This PaymentIntent has no successful charge to refund.",
                    code="charge_not_refundable",
                )
            charge_obj = pi.latest_charge
        else:
            charge_obj = Charge._api_retrieve(charge) if charge else None
        if charge_obj is not None:
            left = charge_obj.amount - charge_obj.amount_refunded
            wanted = r.try_convert_to_int(amount) if amount is not None else left
            if left <= 0:
                raise error(
                    400,
                    f"Charge {charge_obj.id} has already been refunded.",
                    code="charge_already_refunded",
                )
            if isinstance(wanted, int) and wanted > left:
                raise error(
                    400,
                    f"Refund amount ({wanted}) is greater than the unrefunded amount ({left})",
                    code="amount_too_large",
                )
        refund_init(self, charge=charge, payment_intent=payment_intent, amount=amount, **kw)

    Refund.__init__ = refund_limited

    # -- the refund life cycle of the test cards -------------------------------
    # What the charge counts as refunded: failed or canceled refunds give the
    # money back to the balance, they are not refunded.
    Charge.amount_refunded = property(
        lambda self: sum(
            x.amount for x in self.refunds._list if x.status not in ("failed", "canceled")
        )
    )

    def card_of(charge: Any) -> str:
        try:
            return card_number(PaymentMethod._api_retrieve(charge.payment_method))
        except Exception:
            return ""

    async def advance_refund(request: web.Request) -> web.Response:
        refund = Refund._api_retrieve(request.match_info["id"])
        charge = Charge._api_retrieve(refund.charge)
        number = card_of(charge)
        if refund.status == "pending" and number == PENDING_REFUND_CARD:
            refund.status = "succeeded"
        elif refund.status == "succeeded" and number == REFUND_FAIL_CARD:
            refund.status = "failed"
            refund.failure_reason = "expired_or_canceled_card"
        else:
            raise error(400, f"Nothing happens later to refund {refund.id} ({refund.status}).")
        r.schedule_webhook(r.Event("charge.refund.updated", refund))
        if refund.status == "failed":
            r.schedule_webhook(r.Event("refund.failed", refund))
        return server.json_response(refund._export())

    server.app.router.add_post("/_courtbook/refunds/{id}/advance", advance_refund)

    # -- disputes --------------------------------------------------------------
    class Dispute(r.StripeObject):
        object = "dispute"
        _id_prefix = "dp_"

        def __init__(self, charge: Any) -> None:
            super().__init__()
            self.charge = charge.id
            self.payment_intent = charge.payment_intent
            self.amount = charge.amount
            self.currency = charge.currency
            self.reason = "fraudulent"
            self.status = "needs_response"
            self.is_charge_refundable = False
            self.evidence = {}
            self.evidence_details = {
                "due_by": self.created + DISPUTE_EVIDENCE_DAYS * 86400,
                "has_evidence": False,
                "past_due": False,
                "submission_count": 0,
            }
            self.metadata = {}

        @classmethod
        def _api_create(cls, **data: Any) -> Any:
            raise UserError(405, "Method Not Allowed")

        @classmethod
        def _api_list_all(
            cls, url: str, payment_intent: Any = None, charge: Any = None, **kw: Any
        ) -> Any:
            found = super()._api_list_all(url, **kw)
            found._list = [
                d
                for d in found._list
                if (payment_intent is None or d.payment_intent == payment_intent)
                and (charge is None or d.charge == charge)
            ]
            return found

    def open_dispute(charge: Any) -> None:
        dispute = Dispute(charge)
        charge.disputed = True
        r.schedule_webhook(r.Event("charge.dispute.created", dispute))

    def dispute_update(
        id: str, evidence: Any = None, submit: Any = True, metadata: Any = None, **kw: Any
    ) -> Any:
        if kw:
            raise UserError(400, "Unexpected " + ", ".join(kw.keys()))
        dispute = Dispute._api_retrieve(id)
        if isinstance(metadata, dict):
            dispute.metadata = {**dispute.metadata, **metadata}
        if evidence is None:
            return dispute
        if dispute.status in ("won", "lost", "warning_closed"):
            raise error(400, f"This dispute is already closed ({dispute.status}).")
        if isinstance(evidence, dict):
            dispute.evidence = {**dispute.evidence, **evidence}
            dispute.evidence_details["has_evidence"] = True
        if r.try_convert_to_bool(submit) is False:
            return dispute
        dispute.evidence_details["submission_count"] += 1
        text = str((evidence or {}).get("uncategorized_text") or "")
        dispute.status = "under_review"
        r.schedule_webhook(r.Event("charge.dispute.updated", dispute))
        if text in ("winning_evidence", "losing_evidence"):
            dispute.status = "won" if text == "winning_evidence" else "lost"
            r.schedule_webhook(r.Event("charge.dispute.closed", dispute))
        return dispute

    def dispute_close(id: str, **kw: Any) -> Any:
        dispute = Dispute._api_retrieve(id)
        if dispute.status in ("won", "lost", "warning_closed"):
            raise error(400, f"This dispute is already closed ({dispute.status}).")
        dispute.status = "lost"
        r.schedule_webhook(r.Event("charge.dispute.closed", dispute))
        return dispute

    router = server.app.router
    router.add_post("/v1/disputes/{id}/close", server.api_extra(dispute_close, ""))
    router.add_post("/v1/disputes/{id}", server.api_extra(dispute_update, ""))
    router.add_get("/v1/disputes/{id}", server.api_retrieve(Dispute, "/v1/disputes/{id}"))
    router.add_get("/v1/disputes", server.api_list_all(Dispute, "/v1/disputes"))

    # -- customer ephemeral keys (PaymentSheet's saved cards) -------------------
    class EphemeralKey(r.StripeObject):
        object = "ephemeral_key"
        _id_prefix = "ephkey_"

        def __init__(self, customer: Any = None, **kwargs: Any) -> None:
            if kwargs:
                raise UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
            if not isinstance(customer, str) or not customer.startswith("cus_"):
                raise error(400, "Missing required param: customer.", code="parameter_missing")
            r.Customer._api_retrieve(customer)  # 404 for an unknown customer
            super().__init__()
            self.associated_objects = [{"id": customer, "type": "customer"}]
            self.expires = self.created + 3600
            self.secret = "ek_test_" + r.random_id(24)

    async def create_ephemeral_key(request: web.Request) -> web.Response:
        version = request.headers.get("Stripe-Version", "")
        if not version:
            raise error(
                400,
                "You must specify a Stripe-Version header to create an ephemeral key.",
                code="parameter_missing",
            )
        data = await server.get_post_data(request) or {}
        key = EphemeralKey(**data)
        key._stripe_version = version
        return server.json_response(key._export())

    async def delete_ephemeral_key(request: web.Request) -> web.Response:
        key = EphemeralKey._api_retrieve(request.match_info["id"])
        key.expires = int(time.time())
        return server.json_response(key._export())

    server.app.router.add_post("/v1/ephemeral_keys", create_ephemeral_key)
    server.app.router.add_delete("/v1/ephemeral_keys/{id}", delete_ephemeral_key)

    # -- publishable keys ------------------------------------------------------
    @web.middleware
    async def auth_middleware(
        request: web.Request, handler: Callable[[web.Request], Awaitable[Any]]
    ) -> Any:
        if request.path.startswith(("/js.stripe.com/", "/_config/", "/_courtbook/")):
            return await handler(request)
        key = api_key(request)
        data: dict[str, Any] = {}
        if request.method == "POST":
            data = await server.get_post_data(request, remove_auth=False) or {}
        else:
            data = server.unflatten_data(request.query) or {}
        if key is None and isinstance(data.get("key"), str):
            key = data["key"]
        if key and key.startswith(("sk_", "rk_")) and len(key) > 5:
            return await handler(request)
        if key and key.startswith("pk_") and len(key) > 5:
            for method, pattern, needs_secret in PUBLISHABLE_ROUTES:
                m = pattern.match(request.path)
                if request.method == method and m:
                    if needs_secret:
                        pi = PaymentIntent._api_retrieve(m.group("id"))
                        if data.get("client_secret") != pi.client_secret:
                            raise error(
                                400,
                                "The client_secret provided does not match the client_secret"
                                " associated with the PaymentIntent.",
                                code="payment_intent_invalid_parameter",
                            )
                    return await handler(request)
            raise error(
                401,
                "This API call cannot be made with a publishable API key."
                " Please use a secret API key.",
                code="secret_key_required",
            )
        raise UserError(401, "Unauthorized")

    middlewares = server.app._middlewares
    index = list(middlewares).index(server.auth_middleware)
    middlewares[index] = auth_middleware


def api_key(request: Any) -> str | None:
    import base64

    parts = request.headers.get("Authorization", "").split(" ")
    if len(parts) != 2:
        return None
    if parts[0] == "Basic":
        try:
            return base64.b64decode(parts[1]).decode().split(":")[0]
        except ValueError:
            return None
    if parts[0] == "Bearer":
        return str(parts[1])
    return None


def replace_route(server: Any, method: str, path: str, handler: Any) -> None:
    """Point localstripe's route (bound to its own functions at import) at `handler`."""
    for route in server.app.router.routes():
        if route.method == method and route.resource and route.resource.canonical == path:
            route._handler = handler
            return
    server.app.router.add_route(method, path, handler)
