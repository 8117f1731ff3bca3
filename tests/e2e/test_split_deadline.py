"""Playing together through nginx (issue 19's end-to-end test): four players split
a booking over HTTP as the apps do, pgrst and the webhook service behind nginx,
the local Stripe and the worker running. The organizer pays share 1 (the card
saved for later), one friend's card is declined and then paid, a second friend
pays, the fourth never does; at the deadline the worker charges the organizer's
saved card off-session for the unpaid share. Each player's GET /bookings shows
their own share; the owner's venue_report counts the booking's full price once;
what the local Stripe captured minus refunded equals courtbook's figure to the
cent."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.helpers import bearer, eventually, rows
from tests.support.money import assert_money_matches
from tests.support.stack import Stack

DEMO_OWNER = {"email": "owner@courtbook.test", "password": "courtbook-owner-1"}


@pytest.fixture(scope="module")
def app(stack: Stack) -> Iterator[httpx.Client]:
    """The app's HTTP client: nginx's TLS front door, its /api and /payments routes."""
    with httpx.Client(base_url=stack.base, verify=str(stack.cacert), timeout=20) as c:
        yield c


def signup(app: httpx.Client, name: str) -> str:
    r = app.post(
        "/api/rpc/signup",
        json={
            "email": f"{name.lower()}-{uuid.uuid4().hex[:8]}@together.test",
            "password": "goodpass1",
            "full_name": name,
        },
    )
    assert r.status_code == 200, r.text
    return r.json()["token"]


def my_booking(app: httpx.Client, token: str, booking_id: int) -> dict[str, Any] | None:
    r = app.get("/api/bookings", params={"id": f"eq.{booking_id}"}, headers=bearer(token))
    assert r.status_code == 200, r.text
    found = r.json()
    return found[0] if found else None


def share_statuses(db_url: str, booking_id: int) -> list[str]:
    return [
        r["status"]
        for r in rows(
            db_url,
            "select status::text from data.booking_share where booking_id = %s order by number",
            booking_id,
        )
    ]


def pay_share(app: httpx.Client, stack: Stack, token: str, booking_id: int) -> dict[str, Any]:
    r = app.post("/payments/intent", json={"booking_id": booking_id}, headers=bearer(token))
    assert r.status_code == 200, r.text
    return r.json()


def test_four_players_three_pay_the_deadline_covers_the_fourth(
    stack: Stack, app: httpx.Client
) -> None:
    db = stack.db_url
    login = app.post("/api/rpc/login", json=DEMO_OWNER)
    assert login.status_code == 200, login.text
    owner = login.json()["token"]
    # A free demo slot three days ahead (the split deadline is 120 minutes before it).
    [slot] = rows(
        db,
        "select s.id, s.start_at, s.price_cents, c.venue_id from data.slot s"
        " join data.court c on c.id = s.court_id"
        " where s.status = 'available' and s.start_at > now() + interval '3 days'"
        "   and s.price_cents >= 400"
        " order by s.start_at, s.id limit 1",
    )
    window = {
        "venue_id": slot["venue_id"],
        "from": (slot["start_at"] - timedelta(minutes=1)).isoformat(),
        "to": (slot["start_at"] + timedelta(minutes=1)).isoformat(),
    }

    def report() -> dict[str, Any]:
        r = app.post("/api/rpc/venue_report", json=window, headers=bearer(owner))
        assert r.status_code == 200, r.text
        return r.json()

    before = report()

    organizer = signup(app, "Olga")
    held = app.post(
        "/api/rpc/hold_slots", json={"slot_ids": [slot["id"]]}, headers=bearer(organizer)
    )
    assert held.status_code == 200, held.text
    booking_id, amount = held.json()["booking_id"], held.json()["amount_cents"]
    split = app.post(
        "/api/rpc/split_booking",
        json={"booking_id": booking_id, "shares": 4},
        headers=bearer(organizer),
    )
    assert split.status_code == 200, split.text
    split_answer = split.json()
    share_cents = split_answer["share_cents"]
    assert split_answer["organizer_share_cents"] + 3 * share_cents == amount

    # Share 1: the organizer pays, the card saved on their customer; the booking confirms.
    intent = pay_share(app, stack, organizer, booking_id)
    assert intent["kind"] == "organizer_share", intent
    assert stack.stripe.pay(intent["payment_intent_id"])["status"] == "succeeded"
    eventually(
        lambda: rows(
            db, "select 1 from data.booking where id = %s and status = 'confirmed'", booking_id
        ),
        "the booking confirmed by the organizer's share",
    )
    saved = stack.stripe.request("GET", f"/v1/payment_intents/{intent['payment_intent_id']}")
    assert saved["setup_future_usage"] == "off_session"

    friends = [signup(app, name) for name in ("Ana", "Bea", "Cris")]
    for token in friends:
        joined = app.post(
            "/api/rpc/join_booking",
            json={"invite_code": split_answer["invite_code"]},
            headers=bearer(token),
        )
        assert joined.status_code == 200, joined.text
        assert joined.json()["booking_id"] == booking_id
    # A stranger with the booking's id but no share sees nothing of it.
    assert my_booking(app, signup(app, "Stranger"), booking_id) is None

    # Ana's card is declined, then she pays on the same PaymentIntent; Bea pays; Cris never does.
    ana = pay_share(app, stack, friends[0], booking_id)
    assert ana["kind"] == "share" and ana["amount_cents"] == share_cents
    declined = stack.stripe.pay(ana["payment_intent_id"], "pm_card_chargeDeclined")
    assert declined.get("error", {}).get("code") == "card_declined", declined
    eventually(
        lambda: (
            (my_booking(app, friends[0], booking_id) or {}).get("share", {}).get("payment_error")
        ),
        "Ana's GET /bookings tells the decline",
    )
    assert stack.stripe.pay(ana["payment_intent_id"])["status"] == "succeeded"
    bea = pay_share(app, stack, friends[1], booking_id)
    assert stack.stripe.pay(bea["payment_intent_id"])["status"] == "succeeded"
    cris = pay_share(app, stack, friends[2], booking_id)
    eventually(
        lambda: share_statuses(db, booking_id) == ["paid", "paid", "paid", "taken"],
        "three shares paid",
    )

    # Each player's GET /bookings: the same booking, their own share.
    for number, token in enumerate([organizer, *friends], start=1):
        mine = my_booking(app, token, booking_id)
        assert mine is not None and mine["status"] == "confirmed", mine
        assert mine["share"]["number"] == number and mine["share"]["organizer"] == (number == 1)
        assert mine["share"]["status"] == ("taken" if number == 4 else "paid"), mine["share"]
        assert mine["venue_name"] and len(mine["slots"]) == 1
    assert my_booking(app, friends[0], booking_id)["share"]["payment_error"] is None  # type: ignore[index]

    # The deadline: moved to now, and its job (scheduled at the old deadline) made due;
    # the worker polls, cancels Cris's PaymentIntent and charges the organizer's saved card.
    rows(
        db,
        "update data.booking_split set pay_by = now() - interval '1 second' where booking_id = %s",
        booking_id,
    )
    due = rows(
        db,
        "update procrastinate.procrastinate_jobs set scheduled_at = now()"
        " where task_name = 'settle_split' and status = 'todo'"
        "   and (args->>'booking_id')::bigint = %s"
        " returning id",
        booking_id,
    )
    assert len(due) == 1, due
    eventually(
        lambda: share_statuses(db, booking_id) == ["paid", "paid", "paid", "covered"],
        "the fourth share covered at the deadline",
        within=60,
    )
    [cover] = eventually(
        lambda: rows(
            db,
            "select stripe_payment_intent_id, amount_cents from data.share_payment"
            " where booking_id = %s and kind = 'cover' and status = 'succeeded'",
            booking_id,
        ),
        "the cover charge succeeded",
    )
    assert cover["amount_cents"] == share_cents
    charged = stack.stripe.request(
        "GET", f"/v1/payment_intents/{cover['stripe_payment_intent_id']}"
    )
    assert charged["status"] == "succeeded" and charged["customer"] == saved["customer"]
    # the saved card itself (off_session is a confirm parameter, not a field of the object)
    assert charged["payment_method"] == saved["payment_method"], charged
    assert (
        stack.stripe.request("GET", f"/v1/payment_intents/{cris['payment_intent_id']}")["status"]
        == "canceled"
    )
    late = app.post("/payments/intent", json={"booking_id": booking_id}, headers=bearer(friends[2]))
    assert late.status_code == 409 and late.json()["code"] == "share_closed", late.text
    assert my_booking(app, friends[2], booking_id)["share"]["status"] == "covered"  # type: ignore[index]

    # Money: Stripe's captured minus refunded is the booking's price, to the cent;
    # the owner's report counts that price once, the commission once.
    assert assert_money_matches(stack.stripe, db, booking_id) == amount
    after = report()
    assert after["bookings"] - before["bookings"] == 1
    assert after["gross_cents"] - before["gross_cents"] == amount
    assert after["refunded_cents"] == before["refunded_cents"]
    # the commission once, on the booking's price (the venue's rate, rounded half up)
    [bps] = rows(db, "select data.effective_commission_bps(%s) as bps", slot["venue_id"])
    fee = (amount * bps["bps"] + 5000) // 10000
    assert fee > 0
    assert after["fee_cents"] - before["fee_cents"] == fee
    assert after["net_cents"] - before["net_cents"] == amount - fee
