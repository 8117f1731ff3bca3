"""The local Stripe lists PaymentIntents by creation time, as reconciliation asks it to."""

from __future__ import annotations

import time

import httpx

from tests.support.localstripe_server import LocalStripe


def test_payment_intents_listed_by_created() -> None:
    with LocalStripe() as stripe:
        auth = {"Authorization": "Bearer sk_test_shims"}
        created = httpx.post(
            f"{stripe.api_base}/v1/payment_intents",
            data={"amount": 1000, "currency": "eur"},
            headers=auth,
        )
        assert created.status_code == 200
        now = int(time.time())

        def listed(query: str) -> httpx.Response:
            return httpx.get(f"{stripe.api_base}/v1/payment_intents?{query}", headers=auth)

        recent = listed(f"created[gte]={now - 60}&limit=100")
        assert [pi["id"] for pi in recent.json()["data"]] == [created.json()["id"]]
        assert listed(f"created[gte]={now + 60}").json()["data"] == []
        assert listed("created[sometime]=1").status_code == 400


def test_refund_life_cycle_of_the_test_cards() -> None:
    """https://docs.stripe.com/testing#refunds: pm_card_pendingRefund begins pending
    and later succeeds; pm_card_refundFail begins succeeded and later fails; any
    other card's refund succeeds and nothing happens later."""
    with LocalStripe() as stripe:

        def paid(card: str) -> str:
            pi = stripe.request(
                "POST", "/v1/payment_intents", {"amount": "2000", "currency": "eur"}
            )
            assert stripe.pay(pi["id"], card)["status"] == "succeeded"
            return str(pi["id"])

        def advance(refund_id: str) -> httpx.Response:
            return httpx.post(f"{stripe.api_base}/_courtbook/refunds/{refund_id}/advance")

        pending = stripe.request(
            "POST", "/v1/refunds", {"payment_intent": paid("pm_card_pendingRefund")}
        )
        assert pending["status"] == "pending"
        assert advance(pending["id"]).json()["status"] == "succeeded"
        assert advance(pending["id"]).status_code == 400  # nothing happens twice

        pi = paid("pm_card_refundFail")
        failing = stripe.request(
            "POST", "/v1/refunds", {"payment_intent": pi, "metadata[refund_id]": "7"}
        )
        assert failing["status"] == "succeeded" and failing["metadata"] == {"refund_id": "7"}
        failed = advance(failing["id"]).json()
        assert (failed["status"], failed["failure_reason"]) == (
            "failed",
            "expired_or_canceled_card",
        )
        charge = stripe.request("GET", f"/v1/charges/{failed['charge']}")
        assert charge["amount_refunded"] == 0  # the money went back to the balance
        again = stripe.request("POST", "/v1/refunds", {"payment_intent": pi})
        assert again["status"] == "succeeded"  # it can be refunded again

        plain = stripe.request("POST", "/v1/refunds", {"payment_intent": paid("pm_card_visa")})
        assert plain["status"] == "succeeded"
        assert advance(plain["id"]).status_code == 400


def test_disputes_of_the_dispute_card() -> None:
    """https://docs.stripe.com/testing#disputes: pm_card_createDispute is disputed
    as fraudulent after it succeeds; winning_evidence wins, close() loses."""
    with LocalStripe() as stripe:
        for won in (True, False):
            pi = stripe.request(
                "POST", "/v1/payment_intents", {"amount": "2000", "currency": "eur"}
            )
            assert stripe.pay(pi["id"], "pm_card_createDispute")["status"] == "succeeded"
            (dispute,) = stripe.disputes(pi["id"])
            assert (dispute["status"], dispute["reason"], dispute["amount"]) == (
                "needs_response",
                "fraudulent",
                2000,
            )
            assert dispute["evidence_details"]["due_by"] > time.time()
            if won:
                closed = stripe.submit_dispute_evidence(dispute["id"], won=True)
            else:
                closed = stripe.request("POST", f"/v1/disputes/{dispute['id']}/close")
            assert closed["status"] == ("won" if won else "lost")
            again = httpx.post(
                f"{stripe.api_base}/v1/disputes/{dispute['id']}/close",
                headers={"Authorization": f"Bearer {stripe.secret_key}"},
            )
            assert again.status_code == 400  # closed for good
        other = stripe.request("POST", "/v1/payment_intents", {"amount": "2000", "currency": "eur"})
        assert stripe.pay(other["id"])["status"] == "succeeded"
        assert stripe.disputes(other["id"]) == []
