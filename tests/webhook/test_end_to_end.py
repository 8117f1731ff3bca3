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
from tests.support import db
from tests.support.localstripe_server import LocalStripe, free_port
from tests.support.money import assert_money_matches
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
async def worker(db_url: str, localstripe: LocalStripe) -> AsyncIterator[Any]:
    """The worker's app in-process, as worker_service, its Stripe the local one."""
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
    )
    async with app.open_async():
        yield app


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
    # PaymentSheet's saved cards: the PaymentIntent's customer and a key for it.
    assert pi["customer"] == intent["customer_id"]
    assert intent["ephemeral_key"].startswith("ek_test_")
    (key_call,) = [
        r
        for r in e2e_recorder.calls("post", "/v1/ephemeral_keys")
        if r.params["customer"] == intent["customer_id"]
    ]
    assert key_call.headers["Stripe-Version"] == "2020-08-27"

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


def payment_row(db_url: str, booking_id: int) -> dict[str, Any]:
    row = h.one(db_url, "select * from data.payment where booking_id = %s", (booking_id,))
    assert row is not None
    return row


async def test_declined_card_retried_on_the_same_intent(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe
) -> None:
    """Issue 14: a declined card keeps the booking; the player pays with another
    card on the same PaymentIntent (publishable key + client secret, as the SDKs)."""
    venue = h.create_venue(db_url)
    player, booking, intent = await intent_for(http, db_url, venue)
    bid, pi = booking["booking_id"], intent["payment_intent_id"]
    held_until = h.scalar(db_url, "select held_until from data.booking where id = %s", (bid,))

    declined = await asyncio.to_thread(
        localstripe.pay, pi, "pm_card_chargeDeclined", intent["client_secret"]
    )
    assert declined["error"]["code"] == "card_declined", declined
    assert declined["error"]["payment_intent"]["status"] == "requires_payment_method"
    await eventually(lambda: payment_row(db_url, bid)["stripe_status"] == "requires_payment_method")
    (seen,) = [b for b in h.my_bookings(db_url, player) if b["id"] == bid]
    assert seen["status"] == "pending"
    assert seen["payment_status"] == "requires_payment_method"
    assert seen["payment_error"] == "Your card was declined."
    assert h.scalar(db_url, "select held_until from data.booking where id = %s", (bid,)) == (
        held_until
    ), "a decline does not extend the hold"
    assert (
        h.scalar(
            db_url,
            "select count(*) from data.slot where id = any(%s) and status = 'held'",
            (booking["slot_ids"],),
        )
        == 1
    )

    # The app asks again: the same PaymentIntent and client secret.
    r = await http.post(
        "/payments/intent", json={"booking_id": bid}, headers=auth("player", player)
    )
    assert r.status_code == 200, r.text
    again = r.json()
    assert (again["payment_intent_id"], again["client_secret"]) == (pi, intent["client_secret"])

    # A second decline (a card that attaches but cannot be charged), then a good card.
    second = await asyncio.to_thread(
        localstripe.pay, pi, "pm_card_chargeCustomerFail", again["client_secret"]
    )
    assert second["error"]["decline_code"] == "generic_decline", second
    paid = await asyncio.to_thread(localstripe.pay, pi, "pm_card_visa", again["client_secret"])
    assert paid["status"] == "succeeded", paid
    await eventually(lambda: booking_status(db_url, bid) == "confirmed")
    (seen,) = [b for b in h.my_bookings(db_url, player) if b["id"] == bid]
    assert (seen["payment_status"], seen["payment_error"]) == ("succeeded", None)
    await eventually(
        lambda: (
            h.scalar(
                db_url,
                "select count(*) from data.stripe_event where object_id = %s"
                " and type = 'payment_intent.payment_failed' and applied_at is not null",
                (pi,),
            )
            == 2
        )
    )
    assert booking_status(db_url, bid) == "confirmed", "a late decline event undoes nothing"
    assert assert_money_matches(localstripe, db_url, bid) == 2500


async def test_released_after_a_decline_the_intent_is_cancelled(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, worker: Any
) -> None:
    """A pending booking that ends has its PaymentIntent cancelled by the worker:
    an abandoned booking cannot be charged afterwards."""
    venue = h.create_venue(db_url)
    player, booking, intent = await intent_for(http, db_url, venue)
    bid, pi = booking["booking_id"], intent["payment_intent_id"]
    await asyncio.to_thread(localstripe.pay, pi, "pm_card_chargeDeclined")
    await eventually(lambda: payment_row(db_url, bid)["stripe_status"] == "requires_payment_method")
    with h.connect(db_url) as conn:
        h.as_user(conn, player, "player")
        conn.execute("select to_json(api.release_hold(%s))", (bid,))
    job = h.one(
        db_url,
        "select args from procrastinate.procrastinate_jobs"
        " where task_name = 'cancel_payment_intent' and args ->> 'booking_id' = %s",
        (str(bid),),
    )
    assert job is not None and job["args"]["payment_intent_id"] == pi

    # What the worker runs for that job, against the local Stripe.
    from worker.tasks.cancel_payment_intent import cancel_payment_intent

    assert await cancel_payment_intent(payment_intent_id=pi, booking_id=bid) == "canceled"
    assert await cancel_payment_intent(payment_intent_id=pi, booking_id=bid) == "already_canceled"
    await eventually(lambda: payment_row(db_url, bid)["status"] == "canceled")
    late = await asyncio.to_thread(localstripe.pay, pi, "pm_card_visa")
    assert late["error"]["code"] == "payment_intent_unexpected_state", late
    assert booking_status(db_url, bid) == "cancelled"
    assert assert_money_matches(localstripe, db_url, bid) == 0


async def test_three_d_secure_then_confirmed(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe
) -> None:
    venue = h.create_venue(db_url)
    player, booking, intent = await intent_for(http, db_url, venue)
    bid, pi = booking["booking_id"], intent["payment_intent_id"]
    started = await asyncio.to_thread(localstripe.pay, pi, "pm_card_threeDSecure2Required")
    assert started["status"] == "requires_action", started
    await eventually(lambda: payment_row(db_url, bid)["stripe_status"] == "requires_action")
    (seen,) = [b for b in h.my_bookings(db_url, player) if b["id"] == bid]
    assert (seen["status"], seen["payment_status"]) == ("pending", "requires_action")
    # The player fails the challenge once, then passes it on a second attempt.
    failed = await asyncio.to_thread(localstripe.authenticate, pi, False)
    assert failed["last_payment_error"]["code"] == "payment_intent_authentication_failure"
    await eventually(lambda: payment_row(db_url, bid)["stripe_status"] == "requires_payment_method")
    await asyncio.to_thread(localstripe.pay, pi, "pm_card_threeDSecure2Required")
    done = await asyncio.to_thread(localstripe.authenticate, pi, True)
    assert done["status"] == "succeeded", done
    await eventually(lambda: booking_status(db_url, bid) == "confirmed")
    assert assert_money_matches(localstripe, db_url, bid) == 2500


async def test_hold_lapses_during_three_d_secure_slot_taken_refunded(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, worker: Any
) -> None:
    """The player authenticates after the hold lapsed and another player took
    the slot: the payment succeeds at Stripe and is refunded in full."""
    venue = h.create_venue(db_url)
    player, booking, intent = await intent_for(http, db_url, venue)
    bid, pi = booking["booking_id"], intent["payment_intent_id"]
    await asyncio.to_thread(localstripe.pay, pi, "pm_card_authenticationRequired")
    await eventually(lambda: payment_row(db_url, bid)["stripe_status"] == "requires_action")
    h.lapse_hold(db_url, bid)
    h.hold(db_url, h.create_user(db_url, "player"), booking["slot_ids"])  # taken by another
    done = await asyncio.to_thread(localstripe.authenticate, pi, True)
    assert done["status"] == "succeeded", done
    refund = await eventually(
        lambda: h.one(db_url, "select * from data.refund where booking_id = %s", (bid,))
    )
    assert (refund["status"], refund["amount_cents"]) == ("pending", 2500)
    assert booking_status(db_url, bid) == "cancelled"

    # The worker carries the refund out at the local Stripe; charge.refunded closes it.
    from worker.tasks.refund_payment import issue_refund

    assert await issue_refund(refund["id"], final_attempt=False) == "succeeded"
    await eventually(
        lambda: (
            h.scalar(
                db_url,
                "select count(*) from data.refund where booking_id = %s and status = 'succeeded'",
                (bid,),
            )
            == 1
        )
    )
    assert assert_money_matches(localstripe, db_url, bid) == 0


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
    assert account["country"] == "FR"

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


# -- the refund life cycle and disputes, with Stripe's test cards --------------
async def paid_and_cancelled(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, card: str
) -> tuple[int, str, dict[str, Any]]:
    """A booking paid with `card`, confirmed, then cancelled inside the window:
    its full refund row, pending."""
    venue = h.create_venue(db_url)
    player, booking, intent = await intent_for(http, db_url, venue)
    bid, pi = booking["booking_id"], intent["payment_intent_id"]
    paid = await asyncio.to_thread(localstripe.pay, pi, card)
    assert paid["status"] == "succeeded", paid
    await eventually(lambda: booking_status(db_url, bid) == "confirmed")
    assert h.cancel(db_url, player, bid)["refund_cents"] == 2500
    refund = h.one(db_url, "select * from data.refund where booking_id = %s", (bid,))
    assert refund is not None and refund["status"] == "pending"
    return bid, pi, refund


def refunds_of(db_url: str, booking_id: int) -> list[dict[str, Any]]:
    return h.many(
        db_url,
        "select id, status::text, stripe_status, stripe_refund_id, retry_of, external"
        " from data.refund where booking_id = %s order by id",
        (booking_id,),
    )


def told(db_url: str, booking_id: int, kind: str) -> int:
    return int(
        h.scalar(
            db_url,
            "select count(*) from data.notification where booking_id = %s and kind = %s",
            (booking_id, kind),
        )
    )


async def test_refund_pending_at_stripe_then_succeeded(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, worker: Any
) -> None:
    """pm_card_pendingRefund: Stripe answers the refund `pending`; courtbook does
    not call it succeeded (nobody told) until charge.refund.updated says so."""
    from worker.tasks.refund_payment import issue_refund

    bid, pi, refund = await paid_and_cancelled(http, db_url, localstripe, "pm_card_pendingRefund")
    assert await issue_refund(refund["id"], final_attempt=False) == "submitted"
    (row,) = refunds_of(db_url, bid)
    assert (row["status"], row["stripe_status"]) == ("pending", "pending")
    assert row["stripe_refund_id"].startswith("re_")
    assert told(db_url, bid, "refund_issued") == 0
    # charge.refunded (the pending refund listed) changes nothing; the worker never asks again
    await asyncio.sleep(1.5)
    assert refunds_of(db_url, bid)[0]["status"] == "pending"
    assert await issue_refund(refund["id"], final_attempt=False) == "not_pending"
    assert len(localstripe.refunds(pi)) == 1
    assert assert_money_matches(localstripe, db_url, bid) == 2500  # nothing refunded yet

    await asyncio.to_thread(localstripe.advance_refund, row["stripe_refund_id"])
    await eventually(lambda: refunds_of(db_url, bid)[0]["status"] == "succeeded")
    assert told(db_url, bid, "refund_issued") == 1
    assert assert_money_matches(localstripe, db_url, bid) == 0


async def test_failed_refund_retried_once_then_a_reconciliation_case(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, worker: Any
) -> None:
    """pm_card_refundFail: the refund first succeeds, then fails (charge.refund.updated);
    courtbook retries once with a new refund, whose failure files a case for a human."""
    from worker.tasks.refund_payment import issue_refund

    bid, pi, refund = await paid_and_cancelled(http, db_url, localstripe, "pm_card_refundFail")
    assert await issue_refund(refund["id"], final_attempt=False) == "succeeded"
    first = refunds_of(db_url, bid)[0]
    await asyncio.to_thread(localstripe.advance_refund, first["stripe_refund_id"])
    retry = await eventually(
        lambda: next((r for r in refunds_of(db_url, bid) if r["retry_of"] == first["id"]), None)
    )
    assert refunds_of(db_url, bid)[0]["status"] == "failed"
    assert retry["status"] == "pending" and retry["stripe_refund_id"] is None
    assert assert_money_matches(localstripe, db_url, bid) == 2500  # the money is back at the venue

    assert await issue_refund(retry["id"], final_attempt=False) == "succeeded"
    second = refunds_of(db_url, bid)[1]
    assert second["stripe_refund_id"] != first["stripe_refund_id"]
    assert len(localstripe.refunds(pi)) == 2
    await asyncio.to_thread(localstripe.advance_refund, second["stripe_refund_id"])
    case = await eventually(
        lambda: h.one(
            db_url, "select * from data.reconciliation_case where booking_id = %s", (bid,)
        )
    )
    assert case["kind"] == "paid_not_booked" and case["stripe_payment_intent_id"] == pi
    assert [r["status"] for r in refunds_of(db_url, bid)] == ["failed", "failed"]  # no third
    assert assert_money_matches(localstripe, db_url, bid) == 2500


async def test_dashboard_refund_pending_recorded_once(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, worker: Any
) -> None:
    """A refund made in Stripe's dashboard, pending and unknown to courtbook: one
    external row, pending, then succeeded; the player told once."""
    venue = h.create_venue(db_url)
    _, booking, intent = await intent_for(http, db_url, venue)
    bid, pi = booking["booking_id"], intent["payment_intent_id"]
    await asyncio.to_thread(localstripe.pay, pi, "pm_card_pendingRefund")
    await eventually(lambda: booking_status(db_url, bid) == "confirmed")
    made = await asyncio.to_thread(
        localstripe.request, "POST", "/v1/refunds", {"payment_intent": pi, "amount": "1000"}
    )
    assert made["status"] == "pending"
    await eventually(lambda: refunds_of(db_url, bid))
    (row,) = refunds_of(db_url, bid)
    assert (row["status"], row["external"], row["stripe_refund_id"]) == (
        "pending",
        True,
        made["id"],
    )
    await asyncio.to_thread(localstripe.advance_refund, made["id"])
    await eventually(lambda: refunds_of(db_url, bid)[0]["status"] == "succeeded")
    assert len(refunds_of(db_url, bid)) == 1
    assert told(db_url, bid, "refund_issued") == 1
    assert assert_money_matches(localstripe, db_url, bid) == 1500
    # the worker never carries out a dashboard refund (its job finds nothing to do)
    from worker.tasks.refund_payment import issue_refund

    assert await issue_refund(row["id"], final_attempt=False) == "not_pending"
    assert len(localstripe.refunds(pi)) == 1


@pytest.mark.parametrize("won", [True, False])
async def test_dispute_opened_then_closed(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, won: bool
) -> None:
    """pm_card_createDispute: the payment succeeds, then is disputed as fraudulent;
    the owner and the admins are told, venue_bookings shows it; Stripe's test
    evidence wins or loses it."""
    admin = h.create_user(db_url, "admin")
    venue = h.create_venue(db_url)
    _, booking, intent = await intent_for(http, db_url, venue)
    bid, pi = booking["booking_id"], intent["payment_intent_id"]
    await asyncio.to_thread(localstripe.pay, pi, "pm_card_createDispute")
    await eventually(lambda: booking_status(db_url, bid) == "confirmed")
    dispute = await eventually(
        lambda: h.one(db_url, "select * from data.dispute where booking_id = %s", (bid,))
    )
    (at_stripe,) = localstripe.disputes(pi)
    assert dispute["stripe_dispute_id"] == at_stripe["id"]
    assert (dispute["status"], dispute["reason"], dispute["amount_cents"]) == (
        "needs_response",
        "fraudulent",
        2500,
    )
    told_to = {
        str(r["user_id"])
        for r in h.many(
            db_url,
            "select user_id from data.notification"
            " where booking_id = %s and kind = 'payment_disputed'",
            (bid,),
        )
    }
    assert {str(venue.owner_id), str(admin)} <= told_to
    seen = h.venue_booking(db_url, venue.owner_id, bid)
    assert seen is not None and seen["disputed"] is True
    assert seen["dispute"]["status"] == "needs_response"

    await asyncio.to_thread(localstripe.submit_dispute_evidence, at_stripe["id"], won)
    await eventually(lambda: told(db_url, bid, "dispute_closed") >= 2)
    closed = h.one(db_url, "select * from data.dispute where booking_id = %s", (bid,))
    assert closed is not None and closed["status"] == ("won" if won else "lost")
    seen = h.venue_booking(db_url, venue.owner_id, bid)
    assert seen is not None and seen["disputed"] is (not won)
    assert assert_money_matches(localstripe, db_url, bid) == 2500
