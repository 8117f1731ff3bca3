"""Money checked to the cent, Stripe's side against courtbook's (DESIGN.md
invariant 9): for a booking, what the local Stripe captured minus what it
refunded equals what courtbook recorded as received minus refunded, and equals
what a confirmed booking cost (its amount minus what was refunded); never more
than the booking's amount.

    from tests.support.money import assert_money_matches
    assert_money_matches(localstripe, db_url, booking_id)

Every PaymentIntent courtbook recorded for the booking is counted: data.payment
and the split-payment shares and cover (data.share_payment, with their
data.share_refund rows), each share payment also on its own. A confirmed split
booking keeps exactly its paid and covered shares less the organizer's open
balance (data.balance), and after its deadline that is its whole amount. Any other
table with PaymentIntents of a booking: pass them as `extra_intents`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import psycopg
from psycopg.rows import dict_row

from tests.support.localstripe_server import LocalStripe


def stripe_net_cents(stripe: LocalStripe, payment_intent_id: str) -> int:
    """Captured minus refunded at the local Stripe, from its PaymentIntent and charge."""
    pi = stripe.request("GET", f"/v1/payment_intents/{payment_intent_id}")
    if pi["status"] != "succeeded":
        return 0
    charge = pi["latest_charge"]
    charge = charge if isinstance(charge, dict) else stripe.request("GET", f"/v1/charges/{charge}")
    refunds = stripe.request("GET", f"/v1/refunds?charge={charge['id']}&limit=100")["data"]
    refunded = sum(int(r["amount"]) for r in refunds if r.get("status") == "succeeded")
    return int(charge["amount"]) - refunded


def courtbook_money(db_url: str, booking_id: int) -> dict[str, Any]:
    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        row = conn.execute(
            """
            select b.status::text as status, b.amount_cents,
                   (coalesce((select sum(p.amount_received_cents) from data.payment p
                              where p.booking_id = b.id and p.status = 'succeeded'), 0)
                    + coalesce((select sum(p.amount_received_cents) from data.share_payment p
                                where p.booking_id = b.id and p.status = 'succeeded'), 0))::int
                     as received_cents,
                   (coalesce((select sum(r.amount_cents) from data.refund r
                              where r.booking_id = b.id and r.status = 'succeeded'), 0)
                    + coalesce((select sum(r.amount_cents) from data.share_refund r
                                where r.booking_id = b.id and r.status = 'succeeded'), 0))::int
                     as refunded_cents,
                   coalesce((select sum(x.amount_cents) from data.balance x
                             where x.booking_id = b.id and x.status = 'open'), 0)::int
                     as owed_cents,
                   exists (select from data.booking_split x where x.booking_id = b.id) as split,
                   (select x.closed_at is not null from data.booking_split x
                    where x.booking_id = b.id) as closed,
                   coalesce((select sum(x.amount_cents) from data.booking_share x
                             where x.booking_id = b.id and x.status in ('paid', 'covered')), 0)::int
                     as due_cents,
                   array(select p.stripe_payment_intent_id from data.payment p
                         where p.booking_id = b.id) as intents,
                   array(select p.stripe_payment_intent_id from data.share_payment p
                         where p.booking_id = b.id and p.stripe_payment_intent_id is not null)
                     as share_intents
            from data.booking b where b.id = %s
            """,
            (booking_id,),
        ).fetchone()
    assert row is not None, f"no booking {booking_id}"
    return row


def share_net_cents(db_url: str, payment_intent_id: str) -> int:
    """What courtbook says one share or cover PaymentIntent kept: received minus refunded."""
    with psycopg.connect(db_url) as conn:
        row = conn.execute(
            """
            select (case when p.status = 'succeeded'
                         then coalesce(p.amount_received_cents, 0) else 0 end
                    - coalesce((select sum(r.amount_cents) from data.share_refund r
                                where r.share_payment_id = p.id and r.status = 'succeeded'),
                               0))::int
            from data.share_payment p where p.stripe_payment_intent_id = %s
            """,
            (payment_intent_id,),
        ).fetchone()
    assert row is not None, f"no share payment {payment_intent_id}"
    return int(row[0])


def assert_money_matches(
    stripe: LocalStripe, db_url: str, booking_id: int, extra_intents: Iterable[str] = ()
) -> int:
    """Stripe's net equals courtbook's net and what the booking cost; returns it."""
    ours = courtbook_money(db_url, booking_id)
    intents = [*ours["intents"], *ours["share_intents"], *extra_intents]
    theirs = sum(stripe_net_cents(stripe, pi) for pi in intents)
    net = ours["received_cents"] - ours["refunded_cents"]
    assert theirs == net, f"booking {booking_id}: Stripe kept {theirs}, courtbook says {net}"
    for pi in ours["share_intents"]:
        kept = share_net_cents(db_url, pi)
        assert stripe_net_cents(stripe, pi) == kept, f"share payment {pi}: courtbook says {kept}"
    if ours["status"] == "confirmed" and ours["split"]:
        # A split booking keeps its paid and covered shares (what a late or left
        # share paid is refunded), less what the organizer still owes; after the
        # deadline every share is paid or covered: the booking's amount.
        expected = ours["due_cents"] - ours["owed_cents"]
        assert net == expected, f"split booking {booking_id}: kept {net}, should be {expected}"
        if ours["closed"]:
            assert ours["due_cents"] == ours["amount_cents"], f"booking {booking_id}: {ours}"
    elif ours["status"] == "confirmed":
        expected = ours["amount_cents"] - ours["refunded_cents"]
        assert net == expected, f"booking {booking_id}: kept {net}, should be {expected}"
    assert net <= ours["amount_cents"], f"booking {booking_id}: {net} kept for {ours}"
    return net
