"""Review finding: one foreign PaymentIntent must not stop reconciliation.

A Stripe account can hold PaymentIntents courtbook did not create (another
product, a manual charge in the dashboard) whose metadata has a `booking_id`
that is not a courtbook booking id. `int(metadata.booking_id)` raised
ValueError, which aborted the whole run, every 5 minutes for as long as that
PaymentIntent was in the look-back window: paid-but-not-booked money was never
settled and booked-not-paid bookings were never flagged.
"""

from __future__ import annotations

from tests.worker.seed import Seed


async def test_foreign_metadata_does_not_abort_reconciliation(
    worker_app, seed: Seed, stripe_stub
) -> None:
    from worker.tasks.reconcile_payments import reconcile

    stub, _ = stripe_stub
    venue, court = seed.venue()
    # listed first: a succeeded PaymentIntent of someone else, metadata not ours
    stub.add_intent("pi_foreign_meta01", 4200, "succeeded", metadata={"booking_id": "ORD-17"})
    # paid, webhook missed, slots still free → must still be confirmed
    booking, _ = seed.booking(venue, seed.slots(court, hours_ahead=140), held_for_minutes=-3)
    _, pi = seed.payment(booking)
    stub.add_intent(pi, 2000, "succeeded", metadata={"booking_id": str(booking)})

    result = await reconcile(24)

    assert seed.one("select status::text from data.booking where id = %s", (booking,)) == (
        "confirmed"
    )
    assert result["outcomes"].get("unknown_payment") == 1
    assert (
        seed.one(
            "select count(*) from data.reconciliation_case where kind = 'unknown_payment'"
            " and stripe_payment_intent_id = 'pi_foreign_meta01'"
        )
        == 1
    )
