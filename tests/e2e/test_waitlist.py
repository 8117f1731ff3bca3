"""The waitlist over HTTP, against the whole stack (pgrst with the session check,
the webhook service, the worker, a local Stripe), issue 21.

A paid booking is cancelled while three players wait (one of them leaves): the
first waiter is offered the slot (GET /waitlist, GET /bookings), a direct hold
gets 409 slot_unavailable; the first lets the offer lapse and the worker passes
it to the second, who pays for it like any hold. Money to the cent for every
booking: the cancelled one refunded at Stripe, the offer paid in full. Then the
contract's errors, each with its stable code (never a 500).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.e2e.helpers import bearer, eventually, rows
from tests.support.money import assert_money_matches
from tests.support.stack import Stack


def signup(stack: Stack, role: str = "player") -> str:
    r = httpx.post(
        f"{stack.pgrst}/rpc/signup",
        json={
            "email": f"wl-{uuid.uuid4().hex[:8]}@waitlist.test",
            "password": "goodpass1",
            "full_name": "Wait Lister",
            "role": role,
        },
    )
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def rpc(stack: Stack, name: str, body: dict[str, Any], token: str | None = None) -> httpx.Response:
    return httpx.post(
        f"{stack.pgrst}/rpc/{name}", json=body, headers=bearer(token) if token else {}
    )


def pay(stack: Stack, token: str, booking_id: int) -> int:
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
    return int(intent.json()["amount_cents"])


def my_waitlist(stack: Stack, token: str) -> list[dict[str, Any]]:
    r = httpx.get(f"{stack.pgrst}/waitlist?order=id", headers=bearer(token))
    assert r.status_code == 200, r.text
    return list(r.json())


def test_a_cancelled_booking_goes_to_the_first_waiter_then_the_next(stack: Stack) -> None:
    [venue] = rows(stack.db_url, "select id from data.venue order by id limit 1")
    rows(
        stack.db_url,
        "update data.venue set cancellation_window_minutes = 1440 where id = %s",
        venue["id"],
    )
    start = datetime.now(UTC) + timedelta(days=3)
    slots = rpc(
        stack,
        "available_slots",
        {
            "venue_id": venue["id"],
            "from": start.isoformat(),
            "to": (start + timedelta(days=1)).isoformat(),
        },
    ).json()
    slot = slots[0]
    booker, first, leaver, second, racer = (signup(stack) for _ in range(5))

    held = rpc(stack, "hold_slots", {"slot_ids": [slot["slot_id"]]}, booker)
    assert held.status_code == 200, held.text
    booked = held.json()["booking_id"]
    booked_cents = pay(stack, booker, booked)

    wait = {"court_id": slot["court_id"], "from": slot["start_at"], "to": slot["end_at"]}
    positions = []
    for token in (first, leaver, second):
        r = rpc(stack, "join_waitlist", wait, token)
        assert r.status_code == 200, r.text
        positions.append(r.json()["position"])
    assert positions == [1, 2, 3]
    [left_entry] = my_waitlist(stack, leaver)
    r = rpc(stack, "leave_waitlist", {"waitlist_id": left_entry["id"]}, leaver)
    assert r.status_code == 200 and r.json() == {"ok": True}, r.text
    assert my_waitlist(stack, second)[0]["position"] == 2

    # The booker cancels (outside the window: a full refund): the first waiter gets the slot.
    r = rpc(stack, "cancel_booking", {"booking_id": booked}, booker)
    assert r.status_code == 200, r.text
    [offer] = my_waitlist(stack, first)
    assert offer["status"] == "offered" and offer["offer_slot_id"] == slot["slot_id"]
    assert offer["offer_until"] and offer["position"] is None
    mine = httpx.get(
        f"{stack.pgrst}/bookings?id=eq.{offer['offer_booking_id']}", headers=bearer(first)
    ).json()
    assert [b["status"] for b in mine] == ["pending"]
    assert my_waitlist(stack, second)[0]["status"] == "waiting"
    assert my_waitlist(stack, leaver)[0]["status"] == "left"

    direct = rpc(stack, "hold_slots", {"slot_ids": [slot["slot_id"]]}, racer)
    assert direct.status_code == 409 and direct.json()["code"] == "slot_unavailable", direct.text

    # The first lets it lapse: time passes (the booking and its slot's hold), the
    # worker's scheduled job comes due and passes the slot on.
    rows(
        stack.db_url,
        "with shift as (select held_until - (now() - interval '1 second') as d"
        "               from data.booking where id = %s),"
        " s as (update data.slot set held_until = held_until - (select d from shift)"
        "       where id = %s),"
        " j as (update procrastinate.procrastinate_jobs set scheduled_at = now()"
        "       where task_name = 'expire_waitlist_offer' and status = 'todo'"
        "         and (args ->> 'booking_id')::bigint = %s)"
        " update data.booking set held_until = held_until - (select d from shift) where id = %s",
        offer["offer_booking_id"],
        slot["slot_id"],
        offer["offer_booking_id"],
        offer["offer_booking_id"],
    )
    eventually(
        lambda: my_waitlist(stack, second)[0]["status"] == "offered", "the second waiter's offer"
    )
    assert my_waitlist(stack, first)[0]["status"] == "expired"
    [second_offer] = my_waitlist(stack, second)
    offer_cents = pay(stack, second, second_offer["offer_booking_id"])
    assert offer_cents == slot["price_cents"]
    assert my_waitlist(stack, second)[0]["status"] == "booked"

    # Money to the cent: the cancelled booking refunded in full at Stripe, the offer paid.
    eventually(
        lambda: rows(
            stack.db_url,
            "select 1 from data.refund where booking_id = %s and status = 'succeeded'",
            booked,
        ),
        "the worker refunded the cancelled booking at Stripe",
    )
    assert booked_cents == slot["price_cents"]
    assert assert_money_matches(stack.stripe, stack.db_url, booked) == 0
    assert (
        assert_money_matches(stack.stripe, stack.db_url, second_offer["offer_booking_id"])
        == offer_cents
    )
    assert (
        assert_money_matches(stack.stripe, stack.db_url, offer["offer_booking_id"]) == 0
    )  # the lapsed offer was never paid


def test_waitlist_errors_over_http(stack: Stack) -> None:
    player, other = signup(stack), signup(stack)
    owner = signup(stack, "owner")
    [free_slot] = rows(
        stack.db_url,
        "select c.venue_id, s.start_at, s.end_at"
        " from data.slot s join data.court c on c.id = s.court_id"
        " where s.status = 'available' and s.start_at > now() + interval '5 days'"
        " order by s.start_at limit 1",
    )
    venue = {"id": free_slot["venue_id"]}
    window = {"from": free_slot["start_at"].isoformat(), "to": free_slot["end_at"].isoformat()}

    def code(r: httpx.Response) -> tuple[int, str]:
        return r.status_code, r.json().get("code")

    assert code(rpc(stack, "join_waitlist", window, player)) == (400, "invalid_input")
    assert code(rpc(stack, "join_waitlist", {"venue_id": 987654, **window}, player)) == (
        404,
        "not_found",
    )
    too_long = {"venue_id": venue["id"], "from": window["from"], "to": "2999-01-01T00:00:00Z"}
    assert code(rpc(stack, "join_waitlist", too_long, player)) == (400, "invalid_input")
    assert code(
        rpc(stack, "join_waitlist", {"venue_id": venue["id"], "from": "soon", "to": "x"}, player)
    ) == (400, "22007")  # PostgREST's own answer to an ill-formed timestamp
    assert code(
        rpc(stack, "join_waitlist", {"venue_id": venue["id"], **window, "sport": "chess"}, player)
    ) == (400, "invalid_input")
    free = rpc(stack, "join_waitlist", {"venue_id": venue["id"], **window}, player)
    assert code(free) == (400, "invalid_input") and free.json()["hint"], free.text
    assert rpc(stack, "join_waitlist", {"venue_id": venue["id"], **window}).status_code == 401
    assert (
        rpc(stack, "join_waitlist", {"venue_id": venue["id"], **window}, owner).status_code == 403
    )
    assert code(rpc(stack, "leave_waitlist", {}, player))[0] in (400, 404)
    assert code(rpc(stack, "leave_waitlist", {"waitlist_id": None}, player)) == (
        400,
        "invalid_input",
    )
    assert code(rpc(stack, "leave_waitlist", {"waitlist_id": 987654}, player)) == (404, "not_found")

    # someone else's entry: forbidden; theirs is not in my GET /waitlist
    [[slot_id, court, s, e]] = [
        list(r.values())
        for r in rows(
            stack.db_url,
            "select id, court_id, start_at, end_at from data.slot"
            " where status = 'available' and start_at > now() + interval '4 days'"
            " order by start_at limit 1",
        )
    ]
    rows(stack.db_url, "update data.slot set status = 'blocked' where id = %s", slot_id)
    joined = rpc(
        stack,
        "join_waitlist",
        {"court_id": court, "from": s.isoformat(), "to": e.isoformat()},
        other,
    )
    assert joined.status_code == 200, joined.text
    theirs = joined.json()["waitlist_id"]
    assert code(rpc(stack, "leave_waitlist", {"waitlist_id": theirs}, player)) == (
        403,
        "forbidden",
    )
    assert my_waitlist(stack, player) == []
    assert [w["id"] for w in my_waitlist(stack, other)] == [theirs]
    assert httpx.get(f"{stack.pgrst}/waitlist").status_code == 401
    # writes on the view are refused like any read-only API view (never 500)
    assert (
        httpx.post(f"{stack.pgrst}/waitlist", json={"status": "booked"}, headers=bearer(other))
    ).status_code in (401, 403)
