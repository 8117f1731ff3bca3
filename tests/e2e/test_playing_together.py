"""Playing together (issue 19) through the whole stack, as the apps do it: every call
over HTTPS through nginx (pgrst under /api/, the webhook service under /payments/),
cards confirmed at the local Stripe as PaymentSheet does, the worker carrying the
refunds out at Stripe. Then money to the cent (tests/support/money.py): what the
local Stripe captured minus refunded equals what courtbook recorded, per payment
and for the booking.

- four players: the organizer splits and pays share 1 (the booking confirms), three
  join with the invite code, one pays after a declined card, one pays, one pays and
  leaves (refunded in full); each sees the booking in GET /bookings with their own
  share and only their own refunds, a stranger does not; the organizer cancels and
  everyone still holding a paid share is refunded per the policy;
- six players race over HTTP for the last free share: one gets it, five match_full.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.helpers import bearer, eventually, rows
from tests.support.money import assert_money_matches
from tests.support.stack import Stack

DECLINED = "pm_card_chargeDeclined"


@pytest.fixture
def app(stack: Stack) -> Iterator[httpx.Client]:
    """The app's client: nginx over HTTPS, its self-signed certificate trusted."""
    with httpx.Client(base_url=stack.base, verify=str(stack.cacert), timeout=15) as c:
        yield c


def signup(app: httpx.Client, name: str) -> dict[str, Any]:
    r = app.post(
        "/api/rpc/signup",
        json={
            "email": f"{name.lower()}-{uuid.uuid4().hex[:8]}@together.test",
            "password": "goodpass1",
            "full_name": name,
        },
    )
    assert r.status_code == 200, r.text
    return r.json()


def rpc(app: httpx.Client, token: str, name: str, body: dict[str, Any]) -> httpx.Response:
    return app.post(f"/api/rpc/{name}", json=body, headers=bearer(token))


def ok(r: httpx.Response) -> Any:
    assert r.status_code == 200, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r.json()


def my_bookings(app: httpx.Client, token: str) -> list[dict[str, Any]]:
    return ok(app.get("/api/bookings", params={"order": "id"}, headers=bearer(token)))


def my_booking(app: httpx.Client, token: str, booking_id: int) -> dict[str, Any] | None:
    found = [b for b in my_bookings(app, token) if b["id"] == booking_id]
    assert len(found) <= 1, found
    return found[0] if found else None


def hold_and_split(
    stack: Stack, app: httpx.Client, organizer: dict[str, Any], shares: int, days_ahead: int
) -> tuple[int, dict[str, Any]]:
    """The organizer holds a free slot `days_ahead` days from now and splits it."""
    [venue] = rows(stack.db_url, "select id from data.venue order by id limit 1")
    start = datetime.now(UTC) + timedelta(days=days_ahead)
    slots = ok(
        app.post(
            "/api/rpc/available_slots",
            json={
                "venue_id": venue["id"],
                "from": start.isoformat(),
                "to": (start + timedelta(days=1)).isoformat(),
            },
        )
    )
    assert slots, "a free slot"
    held = ok(rpc(app, organizer["token"], "hold_slots", {"slot_ids": [slots[0]["slot_id"]]}))
    booking_id = int(held["booking_id"])
    split = ok(
        rpc(app, organizer["token"], "split_booking", {"booking_id": booking_id, "shares": shares})
    )
    assert split["booking_id"] == booking_id and split["shares"] == shares, split
    # Equal shares, the remainder cents on the organizer's (share 1).
    assert (
        split["organizer_share_cents"] + (shares - 1) * split["share_cents"] == held["amount_cents"]
    ), (held, split)
    return booking_id, split


def intent(app: httpx.Client, token: str, booking_id: int) -> dict[str, Any]:
    return ok(app.post("/payments/intent", json={"booking_id": booking_id}, headers=bearer(token)))


def confirm(stack: Stack, pi: dict[str, Any], card: str = "pm_card_visa") -> Any:
    """PaymentSheet's confirm at the local Stripe: publishable key and client secret."""
    return stack.stripe.pay(pi["payment_intent_id"], card, pi["client_secret"])


def pay_share(stack: Stack, app: httpx.Client, token: str, booking_id: int) -> dict[str, Any]:
    pi = intent(app, token, booking_id)
    paid = confirm(stack, pi)
    assert paid["status"] == "succeeded", paid
    return pi


def share_seen(app: httpx.Client, token: str, booking_id: int, status: str) -> Any:
    """The caller's GET /bookings row of the booking once their share has `status`."""
    row = my_booking(app, token, booking_id)
    return row if row and row["share"] and row["share"]["status"] == status else None


def test_four_players_pay_leave_and_the_organizer_cancels(stack: Stack, app: httpx.Client) -> None:
    organizer = signup(app, "Olga")
    a, b, c = signup(app, "Ana"), signup(app, "Bea"), signup(app, "Cris")
    stranger = signup(app, "Sam")
    booking_id, split = hold_and_split(stack, app, organizer, shares=4, days_ahead=4)
    share_cents, organizer_cents = split["share_cents"], split["organizer_share_cents"]

    # The organizer pays share 1: the booking confirms (the webhook, as for any booking).
    pi = intent(app, organizer["token"], booking_id)
    assert pi["kind"] == "organizer_share" and pi["amount_cents"] == organizer_cents, pi
    assert confirm(stack, pi)["status"] == "succeeded"
    mine = eventually(
        lambda: share_seen(app, organizer["token"], booking_id, "paid"),
        "GET /bookings: the organizer's share paid",
    )
    assert mine["status"] == "confirmed" and mine["payment_status"] == "succeeded", mine
    assert mine["share"]["number"] == 1 and mine["share"]["organizer"] is True, mine
    assert mine["share"]["shares"] == 4 and mine["share"]["amount_cents"] == organizer_cents
    assert mine["share"]["invite_code"] == split["invite_code"], mine

    # Three friends join with the invite code.
    joined: dict[str, dict[str, Any]] = {}
    for p in (a, b, c):
        j = ok(rpc(app, p["token"], "join_booking", {"invite_code": split["invite_code"]}))
        assert j["booking_id"] == booking_id and j["share_cents"] == share_cents, j
        joined[p["user_id"]] = j
    assert sorted(j["share_number"] for j in joined.values()) == [2, 3, 4], joined
    # Joining again answers the same share.
    again = ok(rpc(app, a["token"], "join_booking", {"invite_code": split["invite_code"]}))
    assert again["share_id"] == joined[a["user_id"]]["share_id"], again

    # Ana's card is declined first: her share stays taken, Stripe's message on it, and
    # she pays on the same PaymentIntent with another card.
    pi_a = intent(app, a["token"], booking_id)
    assert pi_a["kind"] == "share" and pi_a["amount_cents"] == share_cents, pi_a
    declined = confirm(stack, pi_a, DECLINED)
    assert declined.get("error", {}).get("code") == "card_declined", declined
    seen = eventually(
        lambda: (
            (row := my_booking(app, a["token"], booking_id))
            and row["share"]["payment_error"]
            and row
        ),
        "GET /bookings: Ana's decline on her share",
    )
    assert seen["share"]["status"] == "taken" and seen["status"] == "confirmed", seen
    assert confirm(stack, pi_a)["status"] == "succeeded"
    pay_share(stack, app, b["token"], booking_id)
    pay_share(stack, app, c["token"], booking_id)
    for p in (a, b, c):
        row = eventually(
            lambda p=p: share_seen(app, p["token"], booking_id, "paid"),
            f"GET /bookings: {p['user_id']}'s share paid",
        )
        share = row["share"]
        assert share["number"] == joined[p["user_id"]]["share_number"], row
        assert share["organizer"] is False and share["amount_cents"] == share_cents, row
        assert share["payment_error"] is None and share["closed"] is False, row
        # The organizer's PaymentIntent is not theirs to see; no refunds of anyone's.
        assert row["payment_status"] is None and row["payment_error"] is None, row
        assert row["refunds"] == [] and row["refunded_cents"] == 0, row
        assert row["status"] == "confirmed" and row["slots"], row
    assert my_booking(app, stranger["token"], booking_id) is None

    # Cris leaves: refunded in full by the worker, the share free again.
    left = ok(rpc(app, c["token"], "leave_booking", {"booking_id": booking_id}))
    assert left == {"ok": True, "booking_id": booking_id, "refund_cents": share_cents}, left
    [cris_share] = rows(
        stack.db_url,
        "select status::text, player_id from data.booking_share where id = %s",
        joined[c["user_id"]]["share_id"],
    )
    assert cris_share == {"status": "open", "player_id": None}, cris_share
    eventually(
        lambda: rows(
            stack.db_url,
            "select 1 from data.share_refund r join data.share_payment p"
            " on p.id = r.share_payment_id where p.booking_id = %s and p.player_id = %s"
            " and r.status = 'succeeded' and r.amount_cents = %s",
            booking_id,
            c["user_id"],
            share_cents,
        ),
        "the worker refunded Cris's share at Stripe",
    )
    # Who left still sees the booking, holding no share, with their own refund only;
    # the others do not see Cris's refund.
    gone = my_booking(app, c["token"], booking_id)
    assert gone is not None and gone["share"] is None, gone
    assert [(r["kind"], r["amount_cents"], r["status"]) for r in gone["refunds"]] == [
        ("share", share_cents, "succeeded")
    ], gone
    assert gone["refunded_cents"] == share_cents, gone
    for p in (organizer, a, b):
        row = my_booking(app, p["token"], booking_id)
        assert row and row["refunds"] == [] and row["refunded_cents"] == 0, row
    [amount] = rows(stack.db_url, "select amount_cents from data.booking where id = %s", booking_id)
    assert assert_money_matches(stack.stripe, stack.db_url, booking_id) == (
        amount["amount_cents"] - share_cents
    )

    # The organizer cancels four days ahead, before the free-cancellation instant: every
    # share still paid (the organizer's, Ana's, Bea's) is refunded in full.
    mine = my_booking(app, organizer["token"], booking_id)
    assert mine is not None
    free_until = datetime.fromisoformat(mine["free_cancellation_until"])
    assert datetime.now(UTC) < free_until, mine
    cancelled = ok(rpc(app, organizer["token"], "cancel_booking", {"booking_id": booking_id}))
    assert cancelled == {
        "booking_id": booking_id,
        "status": "cancelled",
        "refund_cents": organizer_cents + 2 * share_cents,
    }, cancelled
    for p, cents in ((organizer, organizer_cents), (a, share_cents), (b, share_cents)):
        row = eventually(
            lambda p=p, cents=cents: (
                (row := my_booking(app, p["token"], booking_id))
                and row["refunded_cents"] == cents
                and row
            ),
            f"GET /bookings: {p['user_id']}'s refund carried out",
        )
        assert row["status"] == "cancelled", row
        assert row["share"]["status"] == "refunded", row
        [refund] = row["refunds"]
        assert refund["amount_cents"] == cents and refund["status"] == "succeeded", row
        assert refund["kind"] == ("booking" if p is organizer else "share"), row
    assert my_booking(app, stranger["token"], booking_id) is None
    # Cris, who left before, sees it cancelled with only his own refund, nothing new.
    gone = my_booking(app, c["token"], booking_id)
    assert gone is not None and gone["status"] == "cancelled" and gone["share"] is None, gone
    assert [r["amount_cents"] for r in gone["refunds"]] == [share_cents], gone
    # The other players are told their game is gone, with their own refund (before the
    # fix only the organizer and the venue were: tests/db/56_split_cancel_notices.sql).
    told = rows(
        stack.db_url,
        "select user_id::text as player, payload ->> 'by' as by,"
        " (payload ->> 'refund_cents')::int as refund_cents from data.notification"
        " where booking_id = %s and kind = 'booking_cancelled' and user_id = any(%s::uuid[])",
        booking_id,
        [a["user_id"], b["user_id"], c["user_id"]],
    )
    assert sorted(told, key=lambda t: t["player"]) == sorted(
        [
            {"player": a["user_id"], "by": "organizer", "refund_cents": share_cents},
            {"player": b["user_id"], "by": "organizer", "refund_cents": share_cents},
        ],
        key=lambda t: t["player"],
    ), told

    # Money to the cent: nothing kept at Stripe, and courtbook says so, per payment.
    assert assert_money_matches(stack.stripe, stack.db_url, booking_id) == 0
    payments = rows(
        stack.db_url,
        "select p.stripe_payment_intent_id as pi, p.player_id::text as player,"
        " p.amount_received_cents as received,"
        " coalesce((select sum(r.amount_cents) from data.share_refund r"
        "           where r.share_payment_id = p.id and r.status = 'succeeded'), 0)::int"
        "   as refunded"
        " from data.share_payment p where p.booking_id = %s and p.status = 'succeeded'",
        booking_id,
    )
    assert sorted(p["player"] for p in payments) == sorted(
        [a["user_id"], b["user_id"], c["user_id"]]
    )
    assert all(p["received"] == p["refunded"] == share_cents for p in payments), payments
    [own] = rows(
        stack.db_url,
        "select p.amount_received_cents as received,"
        " (select sum(r.amount_cents) from data.refund r where r.booking_id = p.booking_id"
        "  and r.status = 'succeeded')::int as refunded"
        " from data.payment p where p.booking_id = %s",
        booking_id,
    )
    assert own == {"received": organizer_cents, "refunded": organizer_cents}, own


def test_six_players_race_for_the_last_share(stack: Stack, app: httpx.Client) -> None:
    organizer = signup(app, "Rita")
    first = signup(app, "Fede")
    racers = [signup(app, f"Racer{n}") for n in range(6)]
    booking_id, split = hold_and_split(stack, app, organizer, shares=3, days_ahead=5)
    pay_share(stack, app, organizer["token"], booking_id)
    eventually(
        lambda: share_seen(app, organizer["token"], booking_id, "paid"),
        "the organizer's share paid",
    )
    ok(rpc(app, first["token"], "join_booking", {"invite_code": split["invite_code"]}))

    # One free share left; six players tap "join" at the same moment.
    gate = threading.Barrier(len(racers))

    def join(player: dict[str, Any]) -> httpx.Response:
        with httpx.Client(base_url=stack.base, verify=str(stack.cacert), timeout=15) as c:
            gate.wait()
            return rpc(c, player["token"], "join_booking", {"invite_code": split["invite_code"]})

    with ThreadPoolExecutor(len(racers)) as pool:
        answers = list(pool.map(join, racers))
    won = [(p, r) for p, r in zip(racers, answers, strict=True) if r.status_code == 200]
    lost = [(p, r) for p, r in zip(racers, answers, strict=True) if r.status_code != 200]
    assert len(won) == 1, [(r.status_code, r.text) for r in answers]
    assert all(r.status_code == 409 and r.json()["code"] == "match_full" for _, r in lost), [
        r.text for _, r in lost
    ]
    winner, answer = won[0]
    assert answer.json()["booking_id"] == booking_id and answer.json()["share_number"] == 3
    assert my_booking(app, winner["token"], booking_id)["share"]["status"] == "taken"  # type: ignore[index]
    for p, _ in lost:
        assert my_booking(app, p["token"], booking_id) is None
    assert [
        r["player_id"]
        for r in rows(
            stack.db_url,
            "select player_id::text from data.booking_share where booking_id = %s order by number",
            booking_id,
        )
    ] == [organizer["user_id"], first["user_id"], winner["user_id"]]
    # The winner pays; the booking keeps the two paid shares, to the cent.
    pay_share(stack, app, winner["token"], booking_id)
    eventually(
        lambda: share_seen(app, winner["token"], booking_id, "paid"), "the winner's share paid"
    )
    assert assert_money_matches(stack.stripe, stack.db_url, booking_id) == (
        split["organizer_share_cents"] + split["share_cents"]
    )


def half_up(cents: int, percent: int) -> int:
    return (cents * percent + 50) // 100


def test_the_organizer_cancels_in_a_partial_tier(stack: Stack, app: httpx.Client) -> None:
    """Under a tiered policy (100 % up to two days before, 50 % up to an hour before), the
    organizer cancels a day ahead: every paid share, the organizer's too, gets 50 % back
    (rounded half up, per payment), the worker refunds each part at Stripe, each player is
    told and sees their own refund, and the money agrees to the cent."""
    [venue] = rows(stack.db_url, "select id from data.venue order by id limit 1")
    rows(
        stack.db_url,
        "update data.venue set cancellation_policy = %s::jsonb where id = %s returning id",
        '[{"min_minutes_before": 2880, "refund_percent": 100},'
        ' {"min_minutes_before": 60, "refund_percent": 50}]',
        venue["id"],
    )
    organizer, d, e = signup(app, "Tere"), signup(app, "Dora"), signup(app, "Eli")
    booking_id, split = hold_and_split(stack, app, organizer, shares=3, days_ahead=1)
    pay_share(stack, app, organizer["token"], booking_id)
    eventually(
        lambda: share_seen(app, organizer["token"], booking_id, "paid"),
        "the organizer's share paid",
    )
    for p in (d, e):
        ok(rpc(app, p["token"], "join_booking", {"invite_code": split["invite_code"]}))
        pay_share(stack, app, p["token"], booking_id)
    for p in (d, e):
        eventually(
            lambda p=p: share_seen(app, p["token"], booking_id, "paid"),
            f"GET /bookings: {p['user_id']}'s share paid",
        )
    organizer_back = half_up(split["organizer_share_cents"], 50)
    share_back = half_up(split["share_cents"], 50)

    cancelled = ok(rpc(app, organizer["token"], "cancel_booking", {"booking_id": booking_id}))
    assert cancelled["refund_cents"] == organizer_back + 2 * share_back, (cancelled, split)
    for p, cents in ((organizer, organizer_back), (d, share_back), (e, share_back)):
        row = eventually(
            lambda p=p, cents=cents: (
                (row := my_booking(app, p["token"], booking_id))
                and row["refunded_cents"] == cents
                and row
            ),
            f"GET /bookings: {p['user_id']}'s half carried out",
        )
        assert row["status"] == "cancelled" and len(row["refunds"]) == 1, row
    told = rows(
        stack.db_url,
        "select (payload ->> 'refund_cents')::int as cents from data.notification"
        " where booking_id = %s and kind = 'booking_cancelled' and user_id = any(%s::uuid[])",
        booking_id,
        [d["user_id"], e["user_id"]],
    )
    assert told == [{"cents": share_back}] * 2, told
    paid = split["organizer_share_cents"] + 2 * split["share_cents"]
    assert assert_money_matches(stack.stripe, stack.db_url, booking_id) == (
        paid - organizer_back - 2 * share_back
    )
