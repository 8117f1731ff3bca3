"""A tiered cancellation policy's partial refund at Stripe (issue 20 item 4).

The player cancels inside a 50 % tier: the refund row is half of what was paid,
rounded half up, and the worker asks Stripe for exactly that amount with
reverse_transfer and refund_application_fee on a Connect destination charge,
so the venue's transfer and the platform's fee go back in the same proportion:
Stripe's refund API (https://docs.stripe.com/api/refunds/create) reverses the
transfer "proportionally to the amount being refunded" and, short of a full
refund, refunds the application fee "in an amount proportional to the amount
of the charge refunded". A plain charge gets neither parameter.
"""

from __future__ import annotations

import json

import psycopg

from tests.worker.conftest import run_jobs
from tests.worker.seed import Seed

HALF_AFTER_A_DAY = (
    '[{"min_minutes_before": 2880, "refund_percent": 100},'
    ' {"min_minutes_before": 1440, "refund_percent": 50}]'
)


def paid_booking_at_half(
    seed: Seed, venue: int, court: int, destination: str | None, fee: int
) -> dict[str, object]:
    """A paid 1001-cent booking starting 35 to 40 hours ahead (the module's seed staggers slots by
    90 minutes): inside the 50 % tier, whatever the minute."""
    seed.conn.execute(
        "update data.venue set cancellation_policy = %s::jsonb where id = %s",
        (HALF_AFTER_A_DAY, venue),
    )
    slots = seed.slots(court, price=1001, hours_ahead=36)
    booking, player = seed.booking(venue, slots, status="confirmed")
    payment, pi = seed.payment(booking, status="succeeded", destination=destination, fee=fee)
    return {"booking": booking, "player": player, "payment": payment, "pi": pi}


def cancel_as_player(seed: Seed, booking: int, player: str) -> int:
    """api.cancel_booking as the player, on a connection of its own (the request's
    claims must not outlive it on the module's seed connection)."""
    with psycopg.connect(seed.conn.info.dsn) as conn:
        conn.execute(
            "select set_config('request.jwt.claims', %s, true), set_config('role', 'player', true)",
            (json.dumps({"role": "player", "sub": player}),),
        )
        row = conn.execute("select (api.cancel_booking(%s)).refund_cents", (booking,)).fetchone()
        assert row is not None
        return int(row[0])


async def test_partial_refund_of_a_connect_charge(worker_app, seed: Seed, stripe_stub) -> None:
    stub, _ = stripe_stub
    venue, court = seed.venue(stripe_account="acct_tiers")
    paid = paid_booking_at_half(seed, venue, court, destination="acct_tiers", fee=100)
    stub.add_intent(str(paid["pi"]), 1001, "succeeded")

    assert cancel_as_player(seed, int(paid["booking"]), str(paid["player"])) == 501
    assert seed.all(
        "select amount_cents, status::text from data.refund where booking_id = %s",
        (paid["booking"],),
    ) == [(501, "pending")]

    await run_jobs(worker_app, ["refunds"])
    posts = [r for r in stub.of("POST", "/v1/refunds") if r.form["payment_intent"] == [paid["pi"]]]
    assert len(posts) == 1
    form = posts[0].form
    assert form["amount"] == ["501"]  # 50 % of 1001, half up
    assert form["reverse_transfer"] == ["true"]  # the venue's transfer, 501/1001 of it
    assert form["refund_application_fee"] == ["true"]  # the platform's fee, the same part
    assert form["metadata[booking_id]"] == [str(paid["booking"])]
    assert (
        seed.one("select status::text from data.refund where booking_id = %s", (paid["booking"],))
        == "succeeded"
    )
    assert (
        sum(r["amount"] for r in stub.refunds.values() if r["payment_intent"] == paid["pi"]) == 501
    )


async def test_partial_refund_of_a_plain_charge(worker_app, seed: Seed, stripe_stub) -> None:
    stub, _ = stripe_stub
    venue, court = seed.venue()
    paid = paid_booking_at_half(seed, venue, court, destination=None, fee=0)
    stub.add_intent(str(paid["pi"]), 1001, "succeeded")

    assert cancel_as_player(seed, int(paid["booking"]), str(paid["player"])) == 501
    await run_jobs(worker_app, ["refunds"])
    posts = [r for r in stub.of("POST", "/v1/refunds") if r.form["payment_intent"] == [paid["pi"]]]
    assert len(posts) == 1
    assert posts[0].form["amount"] == ["501"]
    assert "reverse_transfer" not in posts[0].form
    assert "refund_application_fee" not in posts[0].form
