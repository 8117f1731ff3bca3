"""Account deletion with money at stake (issue 15), against the whole stack (pgrst
with the session check, the webhook service, the worker, a local Stripe): a
player with two confirmed, paid future bookings deletes the account. The one
outside its cancellation window is refunded in full by the worker at Stripe,
the one inside it is not (exactly as cancel_booking would); for both, Stripe's
captured minus refunded equals courtbook's figure to the cent. The bookings
and payments stay for the venue, with no personal data; the account's tokens
are refused by pgrst and by the webhook service."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from tests.support.money import assert_money_matches
from tests.support.stack import Stack, courtbook_stack


@pytest.fixture(scope="module")
def stack(courtbook_db: str) -> Iterator[Stack]:
    with courtbook_stack(courtbook_db) as s:
        yield s


def rows(db_url: str, sql: str, *params: object) -> list[dict[str, Any]]:
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


def eventually(check: Callable[[], Any], what: str, within: float = 20.0) -> Any:
    deadline = time.monotonic() + within
    while not (value := check()):
        assert time.monotonic() < deadline, f"{what}: not within {within}s"
        time.sleep(0.2)
    return value


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


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
