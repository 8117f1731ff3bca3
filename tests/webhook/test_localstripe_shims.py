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
