"""Split payment end to end (issue 19): the local Stripe calls the webhook service
(a real uvicorn, signed webhooks), the worker runs in-process, both with
recording Stripe clients whose every request is checked against stripe.params.
Money to the cent for every booking (tests/support/money.py: Stripe's captured
minus refunded equals courtbook's, per share and per booking).

- four players, three pay, the deadline covers the fourth on the organizer's
  saved card; Connect fees add up to the booking's commission once;
- an organizer whose off-session charge needs authentication owes a balance,
  cannot hold (outstanding_balance 402), pays it on-session, holds again;
- a share paid at the very moment of the deadline: never both kept;
- leaving refunds a paid share in full; cancelling refunds every share.
"""

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
from tests.support.stripe_params import assert_valid_requests
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


@pytest.fixture(scope="module")
def service(
    db_url: str, localstripe: LocalStripe, webhook_requests: RecordingHTTPClient
) -> Iterator[str]:
    settings = settings_for(
        service_url(db_url),
        stripe_api_base=localstripe.api_base,
        stripe_secret_key=localstripe.secret_key,
    )
    port = free_port()
    app = create_app(settings, stripe_http_client=webhook_requests)
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
        max_size=4,
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


@pytest.fixture
async def http(service: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=service, timeout=15) as c:
        yield c


async def eventually(check: Callable[[], Any], within: float = 15.0) -> Any:
    deadline = time.monotonic() + within
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.1)


def auth(player: uuid.UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token('player', sub=str(player))}"}


def call(url: str, player: uuid.UUID, sql: str, *params: Any) -> Any:
    """An api function as the player (PostgREST's role and claims)."""
    with h.connect(url) as conn:
        h.as_user(conn, player, "player")
        return conn.execute(f"select {sql} as r", params).fetchone()["r"]  # type: ignore[index]


def api_error(url: str, player: uuid.UUID, sql: str, *params: Any) -> dict[str, Any]:
    import json

    import psycopg

    try:
        call(url, player, sql, *params)
    except psycopg.Error as exc:
        return json.loads(exc.diag.message_primary or "{}")
    raise AssertionError(f"{sql} did not fail")


async def pay_intent(http: httpx.AsyncClient, player: uuid.UUID, booking_id: int) -> dict:
    r = await http.post("/payments/intent", json={"booking_id": booking_id}, headers=auth(player))
    assert r.status_code == 200, r.text
    return r.json()


def share_statuses(url: str, booking_id: int) -> list[str]:
    rows = h.connect(url).execute(
        "select status::text from data.booking_share where booking_id = %s order by number",
        (booking_id,),
    )
    return [r["status"] for r in rows.fetchall()]


def reach_deadline(url: str, booking_id: int) -> None:
    with h.connect(url) as conn:
        conn.execute(
            "update data.booking_split set pay_by = now() - interval '1 second'"
            " where booking_id = %s",
            (booking_id,),
        )


async def settle(booking_id: int) -> str:
    from worker.tasks.settle_split import settle as run

    return await run(booking_id)


async def carry_out_refunds(url: str, booking_id: int) -> None:
    """The worker's refund jobs for the booking, run here (no worker loop in these tests)."""
    from worker.tasks.refund_payment import SHARE_REFUNDS, issue_refund

    with h.connect(url) as conn:
        shares = conn.execute(
            "select id from data.share_refund where booking_id = %s and status = 'pending'",
            (booking_id,),
        ).fetchall()
        own = conn.execute(
            "select id from data.refund where booking_id = %s and status = 'pending'",
            (booking_id,),
        ).fetchall()
    for r in shares:
        assert await issue_refund(r["id"], True, SHARE_REFUNDS) == "succeeded"
    for r in own:
        assert await issue_refund(r["id"], True) == "succeeded"


async def split_and_confirm(
    http: httpx.AsyncClient,
    url: str,
    localstripe: LocalStripe,
    venue: h.Venue,
    shares: int,
    card: str = "pm_card_visa",
    price_cents: int = 2500,
) -> tuple[uuid.UUID, int, dict[str, Any]]:
    organizer = h.create_user(url, "player")
    booking = h.hold(url, organizer, h.create_slots(url, venue.court_id, 2, price_cents))
    bid = booking["booking_id"]
    split = call(url, organizer, "to_json(api.split_booking(%s, %s))", bid, shares)
    intent = await pay_intent(http, organizer, bid)
    assert intent["kind"] == "organizer_share"
    assert intent["amount_cents"] == split["organizer_share_cents"]
    paid = await asyncio.to_thread(localstripe.pay, intent["payment_intent_id"], card)
    if paid.get("status") == "requires_action":
        paid = await asyncio.to_thread(localstripe.authenticate, intent["payment_intent_id"])
    assert paid["status"] == "succeeded", paid
    await eventually(
        lambda: (
            h.scalar(url, "select status::text from data.booking where id = %s", (bid,))
            == "confirmed"
        )
    )
    return organizer, bid, split


async def test_four_players_three_pay_the_deadline_covers_the_fourth(
    http: httpx.AsyncClient,
    db_url: str,
    localstripe: LocalStripe,
    worker: Any,
    webhook_requests: RecordingHTTPClient,
    worker_requests: RecordingHTTPClient,
) -> None:
    venue = h.create_venue(db_url, account="acct_split4", charges_enabled=True, commission_bps=1234)
    # 2 slots x 2501 = 5002: shares 1252 (organizer: 1250 + 2 remainder cents), 1250, 1250, 1250.
    organizer, bid, split = await split_and_confirm(
        http, db_url, localstripe, venue, 4, price_cents=2501
    )
    assert (split["shares"], split["share_cents"], split["organizer_share_cents"]) == (
        4,
        1250,
        1252,
    )
    assert len(split["invite_code"]) == 16
    # The organizer's card is saved on their customer for the deadline.
    organizer_pi = h.scalar(
        db_url, "select stripe_payment_intent_id from data.payment where booking_id = %s", (bid,)
    )
    pi = localstripe.request("GET", f"/v1/payment_intents/{organizer_pi}")
    assert pi["setup_future_usage"] == "off_session"
    pm = localstripe.request("GET", f"/v1/payment_methods/{pi['payment_method']}")
    assert pm["customer"] == pi["customer"]

    friends = [h.create_user(db_url, "player") for _ in range(3)]
    for f in friends:
        joined = call(db_url, f, "to_json(api.join_booking(%s))", split["invite_code"])
        assert joined["share_cents"] == 1250 and joined["booking_id"] == bid
    # Two of them pay; the third opens PaymentSheet but never pays.
    for f in friends[:2]:
        intent = await pay_intent(http, f, bid)
        assert intent["kind"] == "share" and intent["amount_cents"] == 1250
        paid = await asyncio.to_thread(localstripe.pay, intent["payment_intent_id"])
        assert paid["status"] == "succeeded"
    lazy = await pay_intent(http, friends[2], bid)
    await eventually(lambda: share_statuses(db_url, bid) == ["paid", "paid", "paid", "taken"])

    reach_deadline(db_url, bid)
    assert await settle(bid) == "covered"
    await eventually(lambda: share_statuses(db_url, bid) == ["paid", "paid", "paid", "covered"])
    cover = h.one(
        db_url, "select * from data.share_payment where booking_id = %s and kind = 'cover'", (bid,)
    )
    assert cover is not None
    await eventually(
        lambda: (
            h.scalar(
                db_url, "select status::text from data.share_payment where id = %s", (cover["id"],)
            )
            == "succeeded"
        )
    )
    assert cover["amount_cents"] == 1250
    charged = localstripe.request("GET", f"/v1/payment_intents/{cover['stripe_payment_intent_id']}")
    assert charged["status"] == "succeeded" and charged["customer"] == pi["customer"]
    # The third friend's PaymentIntent was cancelled; paying now is share_closed.
    assert (
        localstripe.request("GET", f"/v1/payment_intents/{lazy['payment_intent_id']}")["status"]
        == "canceled"
    )
    r = await http.post("/payments/intent", json={"booking_id": bid}, headers=auth(friends[2]))
    assert r.status_code == 409 and r.json()["code"] == "share_closed", r.text
    assert api_error(db_url, friends[1], "api.leave_booking(%s)", bid)["code"] == "share_closed"
    # Settling again changes nothing (one cover, one charge).
    assert await settle(bid) == "done"
    assert (
        h.scalar(db_url, "select count(*) from data.share_payment where booking_id = %s", (bid,))
        == 4
    )
    # Commission once: the fees of the four PaymentIntents add up to the booking's.
    fees = h.scalar(
        db_url,
        "select (select application_fee_cents from data.payment where booking_id = %s)"
        " + (select sum(application_fee_cents) from data.share_payment"
        "    where booking_id = %s and status = 'succeeded')",
        (bid, bid),
    )
    assert fees == round(5002 * 1234 / 10000)  # 617.2 → 617
    # The organizer was told; the owner's report counts the booking's full price once.
    kinds = h.connect(db_url).execute(
        "select kind from data.notification where booking_id = %s and user_id = %s",
        (bid, organizer),
    )
    assert {"share_covered", "match_joined", "share_paid"} <= {k["kind"] for k in kinds}
    assert assert_money_matches(localstripe, db_url, bid) == 5002

    recorded = [*webhook_requests.requests, *worker_requests.requests]
    assert_valid_requests(recorded)
    off_session = [
        r
        for r in worker_requests.calls("post", "/v1/payment_intents")
        if r.params.get("off_session") == "true"
    ]
    assert len(off_session) == 1 and off_session[0].idempotency_key == f"pi-cover-{bid}"
    assert off_session[0].params["application_fee_amount"] == str(cover["application_fee_cents"])


async def test_authentication_required_off_session_is_a_balance(
    http: httpx.AsyncClient,
    db_url: str,
    localstripe: LocalStripe,
    worker: Any,
    webhook_requests: RecordingHTTPClient,
    worker_requests: RecordingHTTPClient,
) -> None:
    venue = h.create_venue(db_url)
    # A card that authenticates on every payment: fine on-session (3-D Secure),
    # authentication_required off-session.
    organizer, bid, split = await split_and_confirm(
        http, db_url, localstripe, venue, 2, card="pm_card_authenticationRequired"
    )
    reach_deadline(db_url, bid)
    assert await settle(bid) == "balance_due"
    balance = await eventually(
        lambda: h.one(db_url, "select * from data.balance where booking_id = %s", (bid,))
    )
    assert balance["status"] == "open" and balance["amount_cents"] == 2500
    assert share_statuses(db_url, bid) == ["paid", "covered"]
    # Owes it: no new holds.
    slots = h.create_slots(db_url, venue.court_id, 1)
    err = api_error(db_url, organizer, "api.hold_slots(%s)", slots)
    assert err["code"] == "outstanding_balance" and err["details"] == "2500 EUR", err
    with h.connect(db_url) as conn:
        h.as_user(conn, organizer, "player")
        (seen,) = conn.execute("select * from api.balances").fetchall()
    assert seen["booking_id"] == bid and seen["status"] == "open"
    await eventually(
        lambda: (
            h.scalar(
                db_url,
                "select count(*) from data.notification"
                " where user_id = %s and kind = 'balance_due'",
                (organizer,),
            )
            == 1
        )
    )
    # Pays it on-session: the same PaymentIntent, with the 3-D Secure challenge.
    r = await http.post("/payments/balance", json={}, headers=auth(organizer))
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["amount_cents"] == 2500 and answer["booking_id"] == bid
    paid = await asyncio.to_thread(
        localstripe.pay,
        answer["payment_intent_id"],
        "pm_card_authenticationRequired",
        answer["client_secret"],
    )
    assert paid["status"] == "requires_action"
    paid = await asyncio.to_thread(localstripe.authenticate, answer["payment_intent_id"])
    assert paid["status"] == "succeeded"
    await eventually(
        lambda: (
            h.scalar(db_url, "select status from data.balance where booking_id = %s", (bid,))
            == "paid"
        )
    )
    held = call(db_url, organizer, "to_json(api.hold_slots(%s))", slots)
    assert held["status"] == "pending"
    r = await http.post("/payments/balance", json={}, headers=auth(organizer))
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert assert_money_matches(localstripe, db_url, bid) == 5000
    assert_valid_requests([*webhook_requests.requests, *worker_requests.requests])


async def test_a_share_paid_at_the_deadline_is_never_kept_twice(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, worker: Any
) -> None:
    """The friend pays at the very moment the deadline charges the organizer:
    either the share is paid (and not covered) or it is covered and the friend's
    payment refunded at once. Run several times: both orders happen."""
    venue = h.create_venue(db_url)
    outcomes = set()
    for attempt in range(5):
        organizer, bid, split = await split_and_confirm(http, db_url, localstripe, venue, 2)
        friend = h.create_user(db_url, "player")
        call(db_url, friend, "to_json(api.join_booking(%s))", split["invite_code"])
        intent = await pay_intent(http, friend, bid)
        reach_deadline(db_url, bid)
        if attempt == 0:
            # Paid at Stripe a moment before the deadline runs, its webhook still
            # on the way: the deadline covers the share, the payment is refunded.
            paid = await asyncio.to_thread(localstripe.pay, intent["payment_intent_id"])
            settled = await settle(bid)
            assert paid["status"] == "succeeded" and settled == "covered"
        else:
            paid, settled = await asyncio.gather(
                asyncio.to_thread(localstripe.pay, intent["payment_intent_id"]), settle(bid)
            )
        await eventually(
            lambda bid=bid: (
                h.scalar(
                    db_url,
                    "select count(*) from data.share_payment where booking_id = %s"
                    " and status in ('requires_payment', 'processing')",
                    (bid,),
                )
                == 0
            )
        )
        if paid.get("status") == "succeeded":
            await eventually(
                lambda pi=intent["payment_intent_id"]: (
                    h.scalar(
                        db_url,
                        "select status::text from data.share_payment"
                        " where stripe_payment_intent_id = %s",
                        (pi,),
                    )
                    == "succeeded"
                )
            )
        await carry_out_refunds(db_url, bid)
        statuses = share_statuses(db_url, bid)
        friend_kept = h.scalar(
            db_url,
            "select count(*) from data.share_payment p where p.share_id is not null"
            " and p.booking_id = %s and p.status = 'succeeded'"
            " and not exists (select from data.share_refund r where r.share_payment_id = p.id)",
            (bid,),
        )
        friend_refunded = h.scalar(
            db_url,
            "select count(*) from data.share_refund r join data.share_payment p"
            " on p.id = r.share_payment_id where p.booking_id = %s and p.kind = 'share'",
            (bid,),
        )
        if statuses == ["paid", "paid"]:
            outcomes.add("share paid")
            assert settled == "none" and friend_kept == 1 and friend_refunded == 0
        else:
            assert statuses == ["paid", "covered"], statuses
            assert friend_kept == 0
            if paid.get("status") == "succeeded":
                outcomes.add("covered, the friend refunded")
                assert friend_refunded == 1
            else:
                outcomes.add("covered, the friend's payment cancelled")
                assert friend_refunded == 0
        await eventually(
            lambda bid=bid: (
                h.scalar(
                    db_url,
                    "select bool_and(status = 'succeeded') from data.share_payment"
                    " where booking_id = %s and kind = 'cover'",
                    (bid,),
                )
                is not False
            )
        )
        assert assert_money_matches(localstripe, db_url, bid) == 5000
    assert "covered, the friend refunded" in outcomes, outcomes


async def test_leave_refunds_in_full_and_cancel_refunds_every_share(
    http: httpx.AsyncClient, db_url: str, localstripe: LocalStripe, worker: Any
) -> None:
    venue = h.create_venue(db_url)
    organizer, bid, split = await split_and_confirm(http, db_url, localstripe, venue, 3)
    a, b = h.create_user(db_url, "player"), h.create_user(db_url, "player")
    for p in (a, b):
        call(db_url, p, "to_json(api.join_booking(%s))", split["invite_code"])
        intent = await pay_intent(http, p, bid)
        assert (await asyncio.to_thread(localstripe.pay, intent["payment_intent_id"]))[
            "status"
        ] == "succeeded"
    await eventually(lambda: share_statuses(db_url, bid) == ["paid", "paid", "paid"])
    left = call(db_url, a, "to_json(api.leave_booking(%s))", bid)
    assert left == {"ok": True, "booking_id": bid, "refund_cents": 1666}
    assert share_statuses(db_url, bid) == ["paid", "open", "paid"]
    await carry_out_refunds(db_url, bid)
    assert assert_money_matches(localstripe, db_url, bid) == 5000 - 1666
    # The organizer cancels inside the free window: everyone paid is refunded.
    cancelled = call(db_url, organizer, "to_json(api.cancel_booking(%s))", bid)
    assert cancelled["refund_cents"] == 1668 + 1666
    assert share_statuses(db_url, bid) == ["refunded", "open", "refunded"]
    await carry_out_refunds(db_url, bid)
    assert assert_money_matches(localstripe, db_url, bid) == 0
