"""End to end with a local Stripe: localstripe (tests/support/localstripe_server.py)
calls the webhook service, served by a real uvicorn on a free port, with signed
webhooks. hold -> intent -> pay with a test card -> webhook -> confirmed, as the
app sees it in GET /bookings; a declined card; a late payment refunded; Connect
onboarding and the destination charge that follows."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from tests.conftest import make_token
from tests.support.localstripe_server import LocalStripe, free_port
from tests.support.stripe_recorder import RecordingHTTPClient
from tests.webhook import helpers as h
from tests.webhook.conftest import service_url, settings_for
from webhook.app import create_app


@pytest.fixture(scope="module")
def localstripe() -> Iterator[LocalStripe]:
    with LocalStripe() as ls:
        yield ls


@pytest.fixture(scope="module")
def e2e_recorder() -> RecordingHTTPClient:
    return RecordingHTTPClient(forward=True)


@pytest.fixture(scope="module")
def service(
    db_url: str, localstripe: LocalStripe, e2e_recorder: RecordingHTTPClient
) -> Iterator[str]:
    settings = settings_for(
        service_url(db_url),
        stripe_api_base=localstripe.api_base,
        stripe_secret_key=localstripe.secret_key,
    )
    port = free_port()
    app = create_app(settings, stripe_http_client=e2e_recorder)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    localstripe.register_webhook("courtbook", f"{base}/stripe/webhook", h.WEBHOOK_SECRET)
    yield base
    server.should_exit = True
    thread.join(10)


@pytest.fixture
async def http(service: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=service, timeout=15) as c:
        yield c


async def eventually(check: Callable[[], Any], within: float = 10.0) -> Any:
    deadline = time.monotonic() + within
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.1)


def auth(role: str, sub: uuid.UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(role, sub=str(sub))}"}


def booking_status(db_url: str, booking_id: int) -> str:
    return h.scalar(db_url, "select status::text from data.booking where id = %s", (booking_id,))


async def intent_for(http: httpx.AsyncClient, db_url: str, venue: h.Venue, n: int = 1):
    player = h.create_user(db_url, "player")
    booking = h.hold(db_url, player, h.create_slots(db_url, venue.court_id, n))
    r = await http.post(
        "/payments/intent",
        json={"booking_id": booking["booking_id"]},
        headers=auth("player", player),
    )
    assert r.status_code == 200, r.text
    return player, booking, r.json()


async def test_hold_intent_pay_confirmed(
    http: httpx.AsyncClient,
    db_url: str,
    localstripe: LocalStripe,
    e2e_recorder: RecordingHTTPClient,
) -> None:
    venue = h.create_venue(db_url)
    player, booking, intent = await intent_for(http, db_url, venue, n=2)
    assert intent["amount_cents"] == 5000
    pi = localstripe.request("GET", f"/v1/payment_intents/{intent['payment_intent_id']}")
    assert pi["amount"] == 5000 and pi["metadata"]["booking_id"] == str(booking["booking_id"])
    assert pi["automatic_payment_methods"] == {"enabled": "true"}

    paid = await asyncio.to_thread(localstripe.pay, intent["payment_intent_id"])
    assert paid["status"] == "succeeded"
    await eventually(lambda: booking_status(db_url, booking["booking_id"]) == "confirmed")
    (seen,) = [b for b in h.my_bookings(db_url, player) if b["id"] == booking["booking_id"]]
    assert seen["status"] == "confirmed" and seen["payment_status"] == "succeeded"
    assert (
        h.scalar(
            db_url,
            "select count(*) from data.stripe_event where object_id = %s and applied_at is not null"
            " and type = 'payment_intent.succeeded'",
            (intent["payment_intent_id"],),
        )
        == 1
    )
    posts = [r for r in e2e_recorder.requests if r.method == "post"]
    assert posts and all(r.idempotency_key for r in posts)


async def test_declined_card_cancels(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe
) -> None:
    venue = h.create_venue(db_url)
    _, booking, intent = await intent_for(http, db_url, venue)
    paid = await asyncio.to_thread(
        localstripe.pay, intent["payment_intent_id"], "pm_card_chargeCustomerFail"
    )
    assert paid.get("error"), paid  # 402 card_declined
    await eventually(lambda: booking_status(db_url, booking["booking_id"]) == "cancelled")
    assert (
        h.scalar(
            db_url,
            "select count(*) from data.slot where id = any(%s) and status = 'available'",
            (booking["slot_ids"],),
        )
        == 1
    )


async def test_late_payment_refunded(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe
) -> None:
    venue = h.create_venue(db_url)
    player, booking, intent = await intent_for(http, db_url, venue)
    bid = booking["booking_id"]
    h.lapse_hold(db_url, bid)
    h.hold(db_url, h.create_user(db_url, "player"), booking["slot_ids"])  # taken by another
    await asyncio.to_thread(localstripe.pay, intent["payment_intent_id"])
    refund = await eventually(
        lambda: h.one(db_url, "select * from data.refund where booking_id = %s", (bid,))
    )
    assert refund["status"] == "pending" and refund["amount_cents"] == 2500
    assert booking_status(db_url, bid) == "cancelled"
    assert (
        h.scalar(
            db_url,
            "select count(*) from data.notification where booking_id = %s"
            " and kind = 'payment_refunded_slot_taken'",
            (bid,),
        )
        == 2
    )

    # What the worker does with the refund row; Stripe then sends charge.refunded.
    await asyncio.to_thread(
        localstripe.request,
        "POST",
        "/v1/refunds",
        {"payment_intent": intent["payment_intent_id"], "reverse_transfer": "true"},
    )
    done = await eventually(
        lambda: h.one(
            db_url,
            "select * from data.refund where booking_id = %s and status = 'succeeded'",
            (bid,),
        )
    )
    assert done["stripe_refund_id"].startswith("re_")
    assert h.scalar(db_url, "select count(*) from data.refund where booking_id = %s", (bid,)) == 1


async def test_connect_onboarding_then_destination_charge(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe
) -> None:
    venue = h.create_venue(db_url, commission_bps=1000)
    r = await http.post(
        "/payments/connect/onboarding",
        json={"venue_id": venue.id},
        headers=auth("owner", venue.owner_id),
    )
    assert r.status_code == 200, r.text
    acct = r.json()["account_id"]
    account = localstripe.request("GET", f"/v1/accounts/{acct}")
    assert account["settings"]["payouts"]["schedule"]["interval"] == "weekly"

    await asyncio.to_thread(localstripe.complete_onboarding, acct)
    await eventually(
        lambda: h.scalar(
            db_url,
            "select stripe_charges_enabled and stripe_payouts_enabled"
            " from data.venue where id = %s",
            (venue.id,),
        )
    )
    _, booking, intent = await intent_for(http, db_url, venue)
    pi = localstripe.request("GET", f"/v1/payment_intents/{intent['payment_intent_id']}")
    assert pi["transfer_data"] == {"destination": acct}
    assert pi["application_fee_amount"] == 250
    await asyncio.to_thread(localstripe.pay, intent["payment_intent_id"])
    await eventually(lambda: booking_status(db_url, booking["booking_id"]) == "confirmed")
