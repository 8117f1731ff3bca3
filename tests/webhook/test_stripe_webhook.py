"""POST /stripe/webhook in-process: signatures, exactly-once under redelivery and
concurrency, order independence, no undo of a confirmation, late payments,
refunds, Connect account updates, wrong mode."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import uuid
from typing import Any

import httpx

from tests.conftest import make_token
from tests.support.stripe_recorder import RecordingHTTPClient
from tests.webhook import helpers as h


async def booking_with_intent(
    client: httpx.AsyncClient, db_url: str, venue: h.Venue | None = None
) -> tuple[uuid.UUID, dict[str, Any], str, h.Venue]:
    venue = venue or h.create_venue(db_url)
    player = h.create_user(db_url, "player")
    booking = h.hold(db_url, player, h.create_slots(db_url, venue.court_id, 2))
    r = await client.post(
        "/payments/intent",
        json={"booking_id": booking["booking_id"]},
        headers={"Authorization": f"Bearer {make_token('player', sub=str(player))}"},
    )
    assert r.status_code == 200, r.text
    return player, booking, r.json()["payment_intent_id"], venue


async def deliver(client: httpx.AsyncClient, ev: dict[str, Any], **kw: Any) -> httpx.Response:
    body, headers = h.signed(ev, **kw)
    return await client.post("/stripe/webhook", content=body, headers=headers)


def stored(db_url: str, event_id: str) -> dict[str, Any] | None:
    return h.one(db_url, "select * from data.stripe_event where id = %s", (event_id,))


def status(db_url: str, booking_id: int) -> str:
    return h.scalar(db_url, "select status::text from data.booking where id = %s", (booking_id,))


def count(db_url: str, sql: str, *params: Any) -> int:
    return int(h.scalar(db_url, sql, params))


async def test_bad_signatures_store_nothing(client: httpx.AsyncClient, db_url: str) -> None:
    ev = h.event("payment_intent.succeeded", h.pi_object("pi_sigtest", 5000))
    body = json.dumps(ev).encode()
    cases = [
        {},  # missing
        {"Stripe-Signature": h.sign(body, secret="whsec_forged")},
        {"Stripe-Signature": h.sign(body, timestamp=int(time.time()) - 400)},  # > 5 min old
        {"Stripe-Signature": "garbage"},
        {"Stripe-Signature": h.sign(body + b" ")},  # signature of another body
    ]
    for headers in cases:
        r = await client.post("/stripe/webhook", content=body, headers=headers)
        assert r.status_code == 400, (headers, r.text)
        assert r.json()["code"] == "invalid_signature"
    assert stored(db_url, ev["id"]) is None
    # Signed but not an event: 400 invalid_input, nothing stored.
    r = await deliver(client, {"id": "evt_x", "type": "x"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"
    assert stored(db_url, "evt_x") is None


async def test_success_applied_exactly_once_concurrently(
    client: httpx.AsyncClient, db_url: str
) -> None:
    player, booking, pi, venue = await booking_with_intent(client, db_url)
    bid = booking["booking_id"]
    ev = h.event("payment_intent.succeeded", h.pi_object(pi, 5000))
    rs = await asyncio.gather(*(deliver(client, ev) for _ in range(6)))
    assert all(r.status_code == 200 for r in rs), [r.text for r in rs]
    outcomes = sorted(r.json()["outcome"] for r in rs)
    assert outcomes == ["already_applied"] * 5 + ["confirmed"], outcomes
    assert sum(not r.json()["duplicate"] for r in rs) == 1

    assert status(db_url, bid) == "confirmed"
    assert (
        count(
            db_url,
            "select count(*) from data.booking_history where booking_id = %s"
            " and to_status = 'confirmed'",
            bid,
        )
        == 1
    )
    assert (
        count(
            db_url,
            "select count(*) from data.notification where booking_id = %s"
            " and kind = 'booking_confirmed'",
            bid,
        )
        == 2
    )
    assert count(db_url, "select count(*) from data.stripe_event where id = %s", ev["id"]) == 1
    # The app sees it in GET /bookings.
    (seen,) = [b for b in h.my_bookings(db_url, player) if b["id"] == bid]
    assert seen["status"] == "confirmed" and seen["payment_status"] == "succeeded"

    # A late redelivery, and another event for the same PaymentIntent: no change.
    r = await deliver(client, ev)
    assert r.json() == {
        "received": True,
        "event_id": ev["id"],
        "duplicate": True,
        "outcome": "already_applied",
    }
    r = await deliver(client, h.event("payment_intent.succeeded", h.pi_object(pi, 5000)))
    assert r.json()["outcome"] == "already_confirmed"

    # A failure event after the success never undoes it.
    r = await deliver(
        client,
        h.event(
            "payment_intent.payment_failed", h.pi_object(pi, 5000, status="requires_payment_method")
        ),
    )
    assert r.status_code == 200 and r.json()["outcome"] == "ignored_final"
    r = await deliver(
        client, h.event("payment_intent.canceled", h.pi_object(pi, 5000, status="canceled"))
    )
    assert r.json()["outcome"] == "ignored_confirmed"
    assert status(db_url, bid) == "confirmed"
    assert count(db_url, "select count(*) from data.notification where booking_id = %s", bid) == 2
    assert (
        count(
            db_url,
            "select count(*) from data.slot s join data.booking_slot bs on"
            " bs.slot_id = s.id where bs.booking_id = %s and s.status = 'booked'",
            bid,
        )
        == 2
    )


async def test_decline_keeps_the_hold_cancel_frees_slots(
    client: httpx.AsyncClient, db_url: str
) -> None:
    """payment_failed is not final (the player retries on the same PaymentIntent);
    payment_intent.canceled ends the booking."""
    player, booking, pi, _ = await booking_with_intent(client, db_url)
    ev = h.event(
        "payment_intent.payment_failed",
        h.pi_object(
            pi,
            5000,
            status="requires_payment_method",
            last_payment_error={"message": "Your card was declined."},
        ),
    )
    r = await deliver(client, ev)
    assert r.json()["outcome"] == "payment_failed"
    assert status(db_url, booking["booking_id"]) == "pending"
    held = "select count(*) from data.slot where id = any(%s) and status = 'held'"
    assert count(db_url, held, booking["slot_ids"]) == 2
    (seen,) = [b for b in h.my_bookings(db_url, player) if b["id"] == booking["booking_id"]]
    assert (seen["payment_status"], seen["payment_error"]) == (
        "requires_payment_method",
        "Your card was declined.",
    )

    r = await deliver(
        client, h.event("payment_intent.canceled", h.pi_object(pi, 5000, status="canceled"))
    )
    assert r.json()["outcome"] == "cancelled"
    assert status(db_url, booking["booking_id"]) == "cancelled"
    assert (
        count(
            db_url,
            "select count(*) from data.slot where id = any(%s) and status = 'available'",
            booking["slot_ids"],
        )
        == 2
    )
    assert (
        count(
            db_url,
            "select count(*) from data.notification where booking_id = %s"
            " and kind = 'booking_cancelled'",
            booking["booking_id"],
        )
        == 1
    )


async def test_event_before_payment_intent_is_recorded(
    client: httpx.AsyncClient, db_url: str, recorder: RecordingHTTPClient
) -> None:
    venue = h.create_venue(db_url)
    player = h.create_user(db_url, "player")
    booking = h.hold(db_url, player, h.create_slots(db_url, venue.court_id, 1))
    pi = f"pi_early{secrets.token_hex(4)}"
    ev = h.event("payment_intent.succeeded", h.pi_object(pi, 2500))
    r = await deliver(client, ev)
    assert r.status_code == 200 and r.json()["outcome"] == "waiting"
    row = stored(db_url, ev["id"])
    assert row and row["applied_at"] is None and row["object_id"] == pi
    assert row["outcome"] == "waiting"
    assert status(db_url, booking["booking_id"]) == "pending"
    # Redelivered while still unknown: still kept, still 200.
    r = await deliver(client, ev)
    assert r.json()["outcome"] == "waiting" and r.json()["duplicate"] is True

    # The PaymentIntent gets recorded (the fake Stripe hands out that id): applied then.
    recorder.fake.next_ids["pi_"] = [pi]
    r = await client.post(
        "/payments/intent",
        json={"booking_id": booking["booking_id"]},
        headers={"Authorization": f"Bearer {make_token('player', sub=str(player))}"},
    )
    assert r.status_code == 200 and r.json()["payment_intent_id"] == pi
    assert status(db_url, booking["booking_id"]) == "confirmed"
    row = stored(db_url, ev["id"])
    assert row and row["applied_at"] is not None and row["outcome"] == "confirmed"
    r = await deliver(client, ev)
    assert r.json()["outcome"] == "already_applied"


async def test_wrong_mode_and_other_types_ignored(client: httpx.AsyncClient, db_url: str) -> None:
    _, booking, pi, _ = await booking_with_intent(client, db_url)
    ev = h.event("payment_intent.succeeded", h.pi_object(pi, 5000), livemode=True)
    r = await deliver(client, ev)
    assert r.status_code == 200 and r.json()["outcome"] == "ignored_mode"
    row = stored(db_url, ev["id"])
    assert row and row["applied_at"] is not None and row["outcome"] == "ignored_mode"
    assert status(db_url, booking["booking_id"]) == "pending"

    r = await deliver(client, h.event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert r.status_code == 200 and r.json()["outcome"] == "ignored_type"


async def test_amount_mismatch_never_confirms(client: httpx.AsyncClient, db_url: str) -> None:
    _, booking, pi, _ = await booking_with_intent(client, db_url)
    r = await deliver(client, h.event("payment_intent.succeeded", h.pi_object(pi, 4999)))
    assert r.json()["outcome"] == "amount_mismatch"
    r = await deliver(client, h.event("payment_intent.succeeded", h.pi_object(pi, 5000, "usd")))
    assert r.json()["outcome"] in ("amount_mismatch", "already_confirmed")
    assert status(db_url, booking["booking_id"]) == "pending"
    assert (
        count(
            db_url,
            "select count(*) from data.reconciliation_case where booking_id = %s"
            " and kind = 'amount_mismatch'",
            booking["booking_id"],
        )
        >= 1
    )


async def test_late_payment_refunded_and_refund_recorded(
    client: httpx.AsyncClient, db_url: str
) -> None:
    player, booking, pi, venue = await booking_with_intent(client, db_url)
    bid = booking["booking_id"]
    h.lapse_hold(db_url, bid)
    other = h.create_user(db_url, "player")
    h.hold(db_url, other, booking["slot_ids"][:1])  # the slot goes to someone else

    r = await deliver(client, h.event("payment_intent.succeeded", h.pi_object(pi, 5000)))
    assert r.json()["outcome"] == "refund_queued"
    assert status(db_url, bid) == "cancelled"
    refund = h.one(db_url, "select * from data.refund where booking_id = %s", (bid,))
    assert refund and refund["status"] == "pending" and refund["amount_cents"] == 5000
    kinds = h.one(
        db_url,
        "select array_agg(user_id::text order by user_id) as users from data.notification"
        " where booking_id = %s and kind = 'payment_refunded_slot_taken'",
        (bid,),
    )
    assert kinds and sorted(kinds["users"]) == sorted([str(player), str(venue.owner_id)])

    # Stripe reports the refund (today's API: no refunds list on the charge).
    charge = {
        "id": "ch_late1",
        "object": "charge",
        "payment_intent": pi,
        "amount": 5000,
        "amount_refunded": 5000,
        "refunded": True,
        "currency": "eur",
    }
    ev = h.event("charge.refunded", charge)
    r = await deliver(client, ev)
    assert r.json()["outcome"] == "updated"
    refund = h.one(db_url, "select * from data.refund where booking_id = %s", (bid,))
    assert refund and refund["status"] == "succeeded"
    # Older API versions list the refunds: matched to the same row by amount, no new row.
    charge2 = dict(
        charge,
        refunds={
            "object": "list",
            "data": [
                {"id": "re_late1", "amount": 5000, "status": "succeeded", "payment_intent": pi}
            ],
        },
    )
    r = await deliver(client, h.event("charge.refunded", charge2))
    assert r.status_code == 200 and r.json()["outcome"] == "updated"
    assert count(db_url, "select count(*) from data.refund where booking_id = %s", bid) == 1
    assert (
        h.scalar(db_url, "select stripe_refund_id from data.refund where booking_id = %s", (bid,))
        == "re_late1"
    )
    assert (
        count(
            db_url,
            "select count(*) from data.notification where booking_id = %s"
            " and kind = 'refund_issued'",
            bid,
        )
        == 1
    )
    r = await deliver(client, ev)
    assert r.json()["outcome"] == "already_applied"


async def test_refund_made_outside_courtbook(client: httpx.AsyncClient, db_url: str) -> None:
    _, booking, pi, _ = await booking_with_intent(client, db_url)
    await deliver(client, h.event("payment_intent.succeeded", h.pi_object(pi, 5000)))
    charge = {
        "id": "ch_dash",
        "object": "charge",
        "payment_intent": pi,
        "amount": 5000,
        "amount_refunded": 1000,
        "currency": "eur",
        "refunds": {"data": [{"id": "re_dash", "amount": 1000, "status": "succeeded"}]},
    }
    r = await deliver(client, h.event("charge.refunded", charge))
    assert r.json()["outcome"] == "recorded_external"
    row = h.one(db_url, "select * from data.refund where stripe_refund_id = 're_dash'")
    assert row and row["status"] == "succeeded" and row["amount_cents"] == 1000
    # The same refund reported again (a new event): nothing new.
    r = await deliver(client, h.event("charge.refunded", charge))
    assert r.json()["outcome"] == "already_recorded"
    assert (
        count(
            db_url, "select count(*) from data.refund where booking_id = %s", booking["booking_id"]
        )
        == 1
    )


async def test_account_updated(client: httpx.AsyncClient, db_url: str) -> None:
    acct = f"acct_{secrets.token_hex(5)}"
    venue = h.create_venue(db_url, account=acct)
    now = int(time.time())
    newer = h.event(
        "account.updated",
        {"id": acct, "object": "account", "charges_enabled": True, "payouts_enabled": True},
        created=now,
    )
    older = h.event(
        "account.updated",
        {"id": acct, "object": "account", "charges_enabled": False, "payouts_enabled": False},
        created=now - 60,
    )
    r = await deliver(client, newer)
    assert r.json()["outcome"] == "account_updated"
    r = await deliver(client, older)
    assert r.json()["outcome"] == "ignored_stale"
    row = h.one(
        db_url,
        "select stripe_charges_enabled c, stripe_payouts_enabled p from data.venue where id = %s",
        (venue.id,),
    )
    assert row == {"c": True, "p": True}
    # An account not stored yet: kept until onboarding stores it.
    r = await deliver(
        client,
        h.event(
            "account.updated", {"id": "acct_unknown1", "object": "account", "charges_enabled": True}
        ),
    )
    assert r.json()["outcome"] == "waiting"


async def test_worker_applies_waiting_events(client: httpx.AsyncClient, db_url: str) -> None:
    """The worker's periodic call (as worker_service) applies an event whose
    PaymentIntent got recorded by some other path, oldest first."""
    venue = h.create_venue(db_url)
    player = h.create_user(db_url, "player")
    booking = h.hold(db_url, player, h.create_slots(db_url, venue.court_id, 1))
    pi = f"pi_worker{secrets.token_hex(4)}"
    now = int(time.time())
    failed = h.event(
        "payment_intent.payment_failed",
        h.pi_object(pi, 2500, status="requires_payment_method"),
        created=now - 5,
    )
    ok = h.event("payment_intent.succeeded", h.pi_object(pi, 2500), created=now)
    for ev in (ok, failed):  # delivered out of order
        r = await deliver(client, ev)
        assert r.json()["outcome"] == "waiting"
    with h.connect(db_url) as conn:
        conn.execute(
            "select internal.record_payment_intent(%s, %s, 2500, 'EUR', 0, null, false)",
            (booking["booking_id"], pi),
        )
    worker = db_url.rsplit("/", 1)[0].replace("postgres@", "worker_service@")
    worker += "/" + db_url.rsplit("/", 1)[1]
    with h.connect(worker) as conn:
        row = conn.execute("select internal.apply_pending_stripe_events() as n").fetchone()
    assert row and row["n"] == 2
    # Applied in Stripe's order: the decline kept the booking, the retry confirmed it.
    assert stored(db_url, failed["id"])["applied_at"] < stored(db_url, ok["id"])["applied_at"]
    assert stored(db_url, failed["id"])["outcome"] == "payment_failed"
    assert status(db_url, booking["booking_id"]) == "confirmed"
    refunds = "select count(*) from data.refund where booking_id = %s"
    assert count(db_url, refunds, booking["booking_id"]) == 0
    assert (
        h.scalar(
            db_url,
            "select count(*) from data.stripe_event where object_id = %s and applied_at is null",
            (pi,),
        )
        == 0
    )


ROUNDS = 20


async def test_a_dispute_and_the_payment_arriving_together_both_apply(
    client: httpx.AsyncClient, db_url: str
) -> None:
    """pm_card_createDispute makes Stripe send payment_intent.succeeded and
    charge.dispute.created within a second: applied concurrently, both lock
    booking then payment (no deadlock, no event left in error), whatever the order."""
    for _ in range(ROUNDS):
        _, booking, pi, _ = await booking_with_intent(client, db_url)
        bid = booking["booking_id"]
        dispute = {
            "id": f"dp_{secrets.token_hex(6)}",
            "object": "dispute",
            "payment_intent": pi,
            "charge": f"ch_{secrets.token_hex(6)}",
            "amount": 5000,
            "currency": "eur",
            "reason": "fraudulent",
            "status": "needs_response",
            "created": int(time.time()),
            "evidence_details": {"due_by": int(time.time()) + 7 * 86400},
        }
        paid = h.event("payment_intent.succeeded", h.pi_object(pi, 5000))
        disputed = h.event("charge.dispute.created", dispute)
        rs = await asyncio.gather(deliver(client, paid), deliver(client, disputed))
        assert sorted(r.json()["outcome"] for r in rs) == ["confirmed", "dispute_opened"], [
            r.text for r in rs
        ]
        assert status(db_url, bid) == "confirmed"
        assert count(db_url, "select count(*) from data.dispute where booking_id = %s", bid) == 1
