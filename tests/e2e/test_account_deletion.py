"""Account deletion with money at stake (issue 15), against the whole stack (pgrst
with the session check, the webhook service, the worker, a local Stripe): a
player with two confirmed, paid future bookings deletes the account. The one
outside its cancellation window is refunded in full by the worker at Stripe,
the one inside it is not (exactly as cancel_booking would); for both, Stripe's
captured minus refunded equals courtbook's figure to the cent. The bookings
and payments stay for the venue, with no personal data; the account's tokens
are refused by pgrst and by the webhook service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.e2e.helpers import bearer, eventually, rows
from tests.support.money import assert_money_matches
from tests.support.stack import Stack


def book_and_pay(stack: Stack, token: str, slot_id: int) -> tuple[int, int]:
    held = httpx.post(
        f"{stack.pgrst}/rpc/hold_slots", json={"slot_ids": [slot_id]}, headers=bearer(token)
    )
    assert held.status_code == 200, held.text
    booking_id = held.json()["booking_id"]
    intent = httpx.post(
        f"{stack.webhook}/payments/intent", json={"booking_id": booking_id}, headers=bearer(token)
    )
    assert intent.status_code == 200, intent.text
    paid = stack.stripe.pay(intent.json()["payment_intent_id"])
    assert paid["status"] == "succeeded", paid
    eventually(
        lambda: rows(
            stack.db_url,
            "select 1 from data.booking where id = %s and status = 'confirmed'",
            booking_id,
        ),
        f"booking {booking_id} confirmed",
    )
    return booking_id, intent.json()["amount_cents"]


def test_deleting_an_account_with_paid_future_bookings(stack: Stack) -> None:
    email = f"del-{uuid.uuid4().hex[:8]}@accounts.test"
    s = httpx.post(
        f"{stack.pgrst}/rpc/signup",
        json={"email": email, "password": "goodpass1", "full_name": "Dee Leted"},
    ).json()
    token = s["token"]
    [venue] = rows(stack.db_url, "select id from data.venue order by id limit 1")
    start = datetime.now(UTC) + timedelta(days=3)
    slots = httpx.post(
        f"{stack.pgrst}/rpc/available_slots",
        json={
            "venue_id": venue["id"],
            "from": start.isoformat(),
            "to": (start + timedelta(days=2)).isoformat(),
        },
    ).json()
    assert len(slots) >= 2, slots
    refundable, kept = slots[0]["slot_id"], slots[-1]["slot_id"]

    # The first booking under a one-day window (three days ahead: refunded in full); the
    # second under a 30-day window, which the booking keeps whatever the venue sets later.
    rows(
        stack.db_url,
        "update data.venue set cancellation_window_minutes = 1440 where id = %s returning id",
        venue["id"],
    )
    first, first_cents = book_and_pay(stack, token, refundable)
    rows(
        stack.db_url,
        "update data.venue set cancellation_window_minutes = 43200 where id = %s returning id",
        venue["id"],
    )
    second, second_cents = book_and_pay(stack, token, kept)
    rows(
        stack.db_url,
        "update data.venue set cancellation_window_minutes = 1440 where id = %s returning id",
        venue["id"],
    )
    [user] = rows(
        stack.db_url, "select stripe_customer_id from data.app_user where id = %s", s["user_id"]
    )
    assert user["stripe_customer_id"], "paying made a Stripe customer"

    r = httpx.post(
        f"{stack.pgrst}/rpc/delete_account", json={"password": "goodpass1"}, headers=bearer(token)
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"deleted": True, "cancelled_bookings": 2, "refund_cents": first_cents}

    eventually(
        lambda: rows(
            stack.db_url,
            "select 1 from data.refund where booking_id = %s and status = 'succeeded'",
            first,
        ),
        "the worker refunded the first booking at Stripe",
    )
    assert assert_money_matches(stack.stripe, stack.db_url, first) == 0
    assert assert_money_matches(stack.stripe, stack.db_url, second) == second_cents
    assert rows(
        stack.db_url, "select count(*)::int as n from data.refund where booking_id = %s", second
    ) == [{"n": 0}]

    # Kept for the venue, without personal data.
    kept_rows = rows(
        stack.db_url,
        "select b.status::text, p.status::text as payment, u.full_name, u.email::text, u.phone,"
        " u.stripe_customer_id from data.booking b join data.payment p on p.booking_id = b.id"
        " join data.app_user u on u.id = b.player_id where b.id = any(%s) order by b.id",
        [first, second],
    )
    assert [(k["status"], k["payment"]) for k in kept_rows] == [("cancelled", "succeeded")] * 2
    for k in kept_rows:
        assert k["full_name"] == "Deleted account" and k["email"].endswith("@deleted.invalid")
        assert k["phone"] is None and k["stripe_customer_id"] is None
    # The account's tokens are refused everywhere.
    me = httpx.get(f"{stack.pgrst}/rpc/me", headers=bearer(token))
    assert me.status_code == 401 and me.json()["code"] == "session_revoked", me.text
    pay = httpx.post(
        f"{stack.webhook}/payments/intent", json={"booking_id": first}, headers=bearer(token)
    )
    assert pay.status_code == 401 and pay.json()["code"] == "session_revoked", pay.text
    # Nothing more is queued for the deleted account (the refund message included).
    assert rows(
        stack.db_url,
        "select count(*)::int as n from data.notification where user_id = %s",
        s["user_id"],
    ) == [{"n": 0}]


def signup(stack: Stack, name: str) -> dict[str, Any]:
    r = httpx.post(
        f"{stack.pgrst}/rpc/signup",
        json={
            "email": f"{name.lower()}-{uuid.uuid4().hex[:8]}@accounts.test",
            "password": "goodpass1",
            "full_name": name,
        },
    )
    assert r.status_code == 200, r.text
    return r.json()


def pay_my_share(stack: Stack, token: str, booking_id: int) -> int:
    """POST /payments/intent for the caller's share and the PaymentSheet's confirm."""
    intent = httpx.post(
        f"{stack.webhook}/payments/intent", json={"booking_id": booking_id}, headers=bearer(token)
    )
    assert intent.status_code == 200, intent.text
    paid = stack.stripe.pay(intent.json()["payment_intent_id"])
    assert paid["status"] == "succeeded", paid
    return int(intent.json()["amount_cents"])


def share_status(stack: Stack, booking_id: int, number: int) -> dict[str, Any]:
    [share] = rows(
        stack.db_url,
        "select status::text, player_id from data.booking_share"
        " where booking_id = %s and number = %s",
        booking_id,
        number,
    )
    return share


def split_booking_paid_by_two(stack: Stack, days_ahead: int) -> tuple[dict[str, Any], ...]:
    """An organizer holds a slot, splits it in two and pays share 1 (confirming it);
    a second player joins with the invite code and pays share 2 (marked paid)."""
    organizer, player = signup(stack, "Orla"), signup(stack, "Pat")
    [venue] = rows(stack.db_url, "select id from data.venue order by id limit 1")
    start = datetime.now(UTC) + timedelta(days=days_ahead)
    slots = httpx.post(
        f"{stack.pgrst}/rpc/available_slots",
        json={
            "venue_id": venue["id"],
            "from": start.isoformat(),
            "to": (start + timedelta(days=1)).isoformat(),
        },
    ).json()
    assert slots, "a free slot"
    held = httpx.post(
        f"{stack.pgrst}/rpc/hold_slots",
        json={"slot_ids": [slots[0]["slot_id"]]},
        headers=bearer(organizer["token"]),
    )
    assert held.status_code == 200, held.text
    booking_id = held.json()["booking_id"]
    split = httpx.post(
        f"{stack.pgrst}/rpc/split_booking",
        json={"booking_id": booking_id, "shares": 2},
        headers=bearer(organizer["token"]),
    )
    assert split.status_code == 200, split.text
    pay_my_share(stack, organizer["token"], booking_id)
    eventually(
        lambda: rows(
            stack.db_url,
            "select 1 from data.booking where id = %s and status = 'confirmed'",
            booking_id,
        ),
        f"booking {booking_id} confirmed by the organizer's share",
    )
    joined = httpx.post(
        f"{stack.pgrst}/rpc/join_booking",
        json={"invite_code": split.json()["invite_code"]},
        headers=bearer(player["token"]),
    )
    assert joined.status_code == 200, joined.text
    share_cents = pay_my_share(stack, player["token"], booking_id)
    assert share_cents == joined.json()["share_cents"]
    eventually(
        lambda: share_status(stack, booking_id, 2)["status"] == "paid", "share 2 marked paid"
    )
    return organizer, player, {"booking_id": booking_id, "share_cents": share_cents}


def delete(stack: Stack, token: str) -> dict[str, Any]:
    r = httpx.post(
        f"{stack.pgrst}/rpc/delete_account", json={"password": "goodpass1"}, headers=bearer(token)
    )
    assert r.status_code == 200, r.text
    return r.json()


def refunded_at_stripe(stack: Stack, booking_id: int, cents: int) -> bool:
    """The booking's refunds (its own payment's and its shares') succeeded, `cents` in all."""
    [row] = rows(
        stack.db_url,
        "select (coalesce((select sum(amount_cents) from data.refund"
        "                  where booking_id = %s and status = 'succeeded'), 0)"
        "      + coalesce((select sum(amount_cents) from data.share_refund"
        "                  where booking_id = %s and status = 'succeeded'), 0))::int as n",
        booking_id,
        booking_id,
    )
    return row["n"] == cents


def test_a_player_who_holds_a_paid_share_deletes_the_account(stack: Stack) -> None:
    """Their share of the other player's game is given back as leave_booking would: the
    share refunded in full at Stripe, the seat open again, the organizer told; the
    booking stays confirmed on the organizer's share, and the money agrees to the cent."""
    organizer, player, game = split_booking_paid_by_two(stack, days_ahead=3)
    booking_id, share_cents = game["booking_id"], game["share_cents"]

    answer = delete(stack, player["token"])
    assert answer == {"deleted": True, "cancelled_bookings": 0, "refund_cents": share_cents}

    eventually(
        lambda: refunded_at_stripe(stack, booking_id, share_cents),
        "the worker refunded the deleted player's share at Stripe",
    )
    assert share_status(stack, booking_id, 2) == {"status": "open", "player_id": None}
    [booking] = rows(
        stack.db_url, "select status::text from data.booking where id = %s", booking_id
    )
    assert booking["status"] == "confirmed"
    told = rows(
        stack.db_url,
        "select kind from data.notification where user_id = %s and booking_id = %s",
        organizer["user_id"],
        booking_id,
    )
    assert "match_left" in {t["kind"] for t in told}, told
    # What Stripe kept for the booking is the organizer's share, and courtbook says so.
    [amount] = rows(stack.db_url, "select amount_cents from data.booking where id = %s", booking_id)
    assert assert_money_matches(stack.stripe, stack.db_url, booking_id) == (
        amount["amount_cents"] - share_cents
    )


def test_an_organizer_deletes_the_account_and_the_other_player_is_refunded(
    stack: Stack,
) -> None:
    """The split booking the account organizes is cancelled as cancel_booking would (three
    days ahead, inside no window: the organizer's share refunded), and the other player's
    paid share is refunded in full and they are told; nothing is kept at Stripe."""
    organizer, player, game = split_booking_paid_by_two(stack, days_ahead=3)
    booking_id, share_cents = game["booking_id"], game["share_cents"]
    [amount] = rows(stack.db_url, "select amount_cents from data.booking where id = %s", booking_id)

    answer = delete(stack, organizer["token"])
    assert answer == {
        "deleted": True,
        "cancelled_bookings": 1,
        "refund_cents": amount["amount_cents"] - share_cents,
    }
    eventually(
        lambda: refunded_at_stripe(stack, booking_id, amount["amount_cents"]),
        "the worker refunded both shares at Stripe",
    )
    assert assert_money_matches(stack.stripe, stack.db_url, booking_id) == 0
    [booking] = rows(
        stack.db_url, "select status::text from data.booking where id = %s", booking_id
    )
    assert booking["status"] == "cancelled"
    told = rows(
        stack.db_url,
        "select kind, payload from data.notification where user_id = %s and booking_id = %s",
        player["user_id"],
        booking_id,
    )
    cancelled = [t["payload"] for t in told if t["kind"] == "booking_cancelled"]
    assert cancelled and cancelled[0]["refund_cents"] == share_cents, told
