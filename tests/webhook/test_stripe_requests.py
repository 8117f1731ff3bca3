"""Every request the webhook service and the worker send through the stripe
library is valid against Stripe's own description of its API (the library's
`stripe.params` TypedDicts, generated from Stripe's OpenAPI description): no
unknown parameter at any depth, no missing required one, no value of the wrong
kind (tests/support/stripe_params.py). Both services run against the local
Stripe with recording HTTP clients; the flows below make every Stripe call the
code contains (found by scanning webhook/ and worker/), and the test fails if
one was not exercised or a new one has no definition."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import make_token
from tests.support import db
from tests.support.localstripe_server import LocalStripe
from tests.support.stripe_params import (
    assert_valid_requests,
    calls_in_code,
    endpoint_of,
    problems,
)
from tests.support.stripe_recorder import RecordingHTTPClient
from tests.webhook import helpers as h
from tests.webhook.conftest import service_url, settings_for
from webhook.app import create_app


@pytest.fixture(scope="module")
def localstripe() -> Iterator[LocalStripe]:
    with LocalStripe() as ls:
        yield ls


@pytest.fixture(scope="module")
def webhook_requests() -> RecordingHTTPClient:
    return RecordingHTTPClient(forward=True)


@pytest.fixture(scope="module")
def worker_requests() -> RecordingHTTPClient:
    return RecordingHTTPClient(forward=True)


@pytest.fixture
async def http(
    db_url: str, localstripe: LocalStripe, webhook_requests: RecordingHTTPClient
) -> AsyncIterator[httpx.AsyncClient]:
    settings = settings_for(
        service_url(db_url),
        stripe_api_base=localstripe.api_base,
        stripe_secret_key=localstripe.secret_key,
    )
    app = create_app(settings, stripe_http_client=webhook_requests)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://webhook") as c:
            yield c


@pytest.fixture
async def worker(
    db_url: str, localstripe: LocalStripe, worker_requests: RecordingHTTPClient
) -> AsyncIterator[Any]:
    from procrastinate import PsycopgConnector

    from service_common.stripe_config import StripeConfig
    from worker.app import configure
    from worker.config import WorkerSettings

    url = db.url_for(db_url.rsplit("/", 1)[1], user="worker_service")
    connector = PsycopgConnector(
        conninfo=url,
        kwargs={"options": "-c search_path=procrastinate,pg_catalog"},
        min_size=1,
        max_size=2,
    )
    app = configure(
        WorkerSettings.from_env({"DATABASE_URL": url}),
        StripeConfig(
            secret_key=localstripe.secret_key,
            api_base=localstripe.api_base,
            max_network_retries=0,
        ),
        connector=connector,
        stripe_http_client=worker_requests,
    )
    async with app.open_async():
        yield app


def auth(role: str, sub: uuid.UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(role, sub=str(sub))}"}


async def test_every_stripe_request_is_valid_against_stripe_params(
    http: httpx.AsyncClient,
    db_url: str,
    localstripe: LocalStripe,
    worker: Any,
    webhook_requests: RecordingHTTPClient,
    worker_requests: RecordingHTTPClient,
) -> None:
    from worker.tasks.cancel_payment_intent import cancel_payment_intent
    from worker.tasks.delete_stripe_customer import delete_stripe_customer
    from worker.tasks.reconcile_payments import list_intents
    from worker.tasks.refund_payment import issue_refund

    # Connect onboarding: the Express account and its link.
    venue = h.create_venue(db_url, commission_bps=1000)
    r = await http.post(
        "/payments/connect/onboarding",
        json={"venue_id": venue.id},
        headers=auth("owner", venue.owner_id),
    )
    assert r.status_code == 200, r.text
    h.one(
        db_url,
        "update data.venue set stripe_charges_enabled = true, stripe_payouts_enabled = true"
        " where id = %s returning id",
        (venue.id,),
    )

    # A player pays a destination charge (customer, PaymentIntent, ephemeral key),
    # asks again (retrieve), and gets a refund from the worker.
    player = h.create_user(db_url, "player")
    paid = h.hold(db_url, player, h.create_slots(db_url, venue.court_id, 1))
    r = await http.post(
        "/payments/intent", json={"booking_id": paid["booking_id"]}, headers=auth("player", player)
    )
    assert r.status_code == 200, r.text
    intent = r.json()
    r = await http.post(
        "/payments/intent", json={"booking_id": paid["booking_id"]}, headers=auth("player", player)
    )
    assert r.status_code == 200, r.text
    assert localstripe.pay(intent["payment_intent_id"])["status"] == "succeeded"
    h.one(
        db_url,
        "update data.payment set status = 'succeeded', amount_received_cents = amount_cents"
        " where stripe_payment_intent_id = %s returning id",
        (intent["payment_intent_id"],),
    )
    refund = h.one(
        db_url,
        "insert into data.refund (payment_id, booking_id, amount_cents, currency, reason)"
        " select p.id, p.booking_id, 1000, p.currency, 'stripe params test' from data.payment p"
        " where p.stripe_payment_intent_id = %s returning id",
        (intent["payment_intent_id"],),
    )
    assert refund is not None
    assert await issue_refund(refund["id"], final_attempt=True) == "succeeded"

    # An abandoned booking: the worker cancels its PaymentIntent; reconciliation lists.
    other = h.hold(db_url, player, h.create_slots(db_url, venue.court_id, 1))
    r = await http.post(
        "/payments/intent", json={"booking_id": other["booking_id"]}, headers=auth("player", player)
    )
    assert r.status_code == 200, r.text
    pi = r.json()["payment_intent_id"]
    assert await cancel_payment_intent(payment_intent_id=pi, booking_id=other["booking_id"]) == (
        "canceled"
    )
    since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    assert {i.id for i in await list_intents(since)} >= {pi, intent["payment_intent_id"]}

    # The player deletes the account: the worker deletes the Stripe customer too.
    customer = h.one(
        db_url, "select stripe_customer_id from data.app_user where id = %s", (player,)
    )
    assert customer is not None and customer["stripe_customer_id"].startswith("cus_")
    h.one(
        db_url,
        "update data.app_user set deleted_at = now(), stripe_customer_id = null"
        " where id = %s returning id",
        (player,),
    )
    job = h.one(
        db_url,
        "select args from procrastinate.procrastinate_jobs"
        " where task_name = 'delete_stripe_customer' and args ->> 'customer_id' = %s",
        (customer["stripe_customer_id"],),
    )
    assert job is not None
    assert await delete_stripe_customer(**job["args"]) == "deleted"
    assert await delete_stripe_customer(**job["args"]) == "already_deleted"

    recorded = [*webhook_requests.requests, *worker_requests.requests]
    assert_valid_requests(recorded)
    seen = {found[1] for r in recorded if (found := endpoint_of(r.method, r.path))}
    missing = calls_in_code() - seen
    assert not missing, f"Stripe calls in the code that no flow here exercised: {missing}"
    # The destination charge's nested parameters were among them.
    creates = [
        r
        for r in webhook_requests.requests
        if (r.method, r.path) == ("post", "/v1/payment_intents")
    ]
    assert len(creates) == 2
    assert all(r.params["transfer_data[destination]"].startswith("acct_") for r in creates)
    # The Express account: the venue's country, both capabilities, weekly payouts.
    (account,) = [
        r for r in webhook_requests.requests if (r.method, r.path) == ("post", "/v1/accounts")
    ]
    assert account.params["country"] == "FR"
    assert account.params["capabilities[card_payments][requested]"] == "true"
    assert account.params["capabilities[transfers][requested]"] == "true"
    assert account.params["settings[payouts][schedule][interval]"] == "weekly"


def test_the_checker_refuses_what_stripe_would() -> None:
    """A misspelt parameter at any depth, a missing required one, a wrong kind."""
    good = {
        "amount": "2500",
        "currency": "eur",
        "automatic_payment_methods[enabled]": "true",
        "transfer_data[destination]": "acct_1",
        "application_fee_amount": "250",
        "metadata[booking_id]": "7",
    }
    assert problems("post", "/v1/payment_intents", good) == []
    misspelt = {**good, "application_fee_amont": "250"}
    del misspelt["application_fee_amount"]
    assert problems("post", "/v1/payment_intents", misspelt) == [
        "POST /v1/payment_intents: application_fee_amont: not a parameter of"
        " PaymentIntentCreateParams"
    ]
    nested = {**good, "transfer_data[destinaton]": "acct_1"}
    del nested["transfer_data[destination]"]
    assert problems("post", "/v1/payment_intents", nested) == [
        "POST /v1/payment_intents: transfer_data[destination]: required by"
        " PaymentIntentCreateParamsTransferData, missing",
        "POST /v1/payment_intents: transfer_data[destinaton]: not a parameter of"
        " PaymentIntentCreateParamsTransferData",
    ]
    deep = {
        "type": "express",
        "settings[payouts][schedule][interval]": "weekly",
        "settings[payouts][schedule][weekly_anchr]": "monday",
    }
    (deep_problem,) = problems("post", "/v1/accounts", deep)
    assert "settings[payouts][schedule][weekly_anchr]: not a parameter" in deep_problem
    assert problems("post", "/v1/accounts", {"type": "express", "country": "FR"}) == []
    assert problems("post", "/v1/accounts", {"type": "express", "countr": "FR"}) == [
        "POST /v1/accounts: countr: not a parameter of AccountCreateParams"
    ]
    assert problems("post", "/v1/payment_intents", {"currency": "eur"}) == [
        "POST /v1/payment_intents: amount: required by PaymentIntentCreateParams, missing"
    ]
    kinds = {**good, "amount": "25.00", "automatic_payment_methods[enabled]": "yes"}
    assert problems("post", "/v1/payment_intents", kinds) == [
        "POST /v1/payment_intents: amount: '25.00' is not an integer",
        "POST /v1/payment_intents: automatic_payment_methods[enabled]: 'yes' is not a boolean",
    ]
    refund = {"payment_intent": "pi_1", "reverse_transfer": "maybe"}
    assert problems("post", "/v1/refunds", refund) == [
        "POST /v1/refunds: reverse_transfer: 'maybe' is not a boolean"
    ]
    assert problems("post", "/v1/refunds", {"payment_intent": "pi_1", "amount": "-"}) == [
        "POST /v1/refunds: amount: '-' is not an integer"
    ]
    assert problems("delete", "/v1/customers/cus_1", {}) == []
    assert problems("delete", "/v1/accounts/acct_1", {}) == [
        "DELETE /v1/accounts/acct_1: no Stripe definition known (add it to ENDPOINTS)"
    ]
