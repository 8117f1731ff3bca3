"""Races of split payment and open matches (issue 19, DESIGN.md invariant 11), over
real connections as PostgREST and the services make them (tests/engine/helpers.py):

- 50 players race for the last free share: exactly one takes it, 49 get match_full;
- 50 race for the 7 seats of an open match: 7 distinct winners;
- one player joining from many devices at once holds one share;
- two requests paying the same share at once get one PaymentIntent row;
- a share's payment_intent.succeeded applied at the very moment the deadline
  closes the split: the share is paid, or it is covered and the payment refunded,
  never both kept;
- the same Stripe event delivered many times at once is applied once; events out
  of order never undo a payment.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.engine.helpers import ApiError, World, call, connect, race

N = 50


@pytest.fixture(scope="module")
def share_conns(engine_url: str) -> Iterator[list[psycopg.Connection]]:
    pool = [connect(engine_url) for _ in range(N)]
    yield pool
    for c in pool:
        c.close()


def confirmed_split(world: World, shares: int) -> tuple[uuid.UUID, int, dict[str, Any]]:
    """A booking split in `shares`, its organizer's share paid (as the webhook does)."""
    _, _, [court] = world.add_owner_with_venue()
    slots = world.add_slots(court, 2)
    [organizer] = world.add_players(1)
    with connect(world.url) as conn:
        held = call(
            conn, "player", organizer, "select to_json(api.hold_slots(%s::bigint[]))", (slots,)
        )
        bid = held["booking_id"]
        split = call(
            conn, "player", organizer, "select to_json(api.split_booking(%s, %s))", (bid, shares)
        )
    # The webhook service's own connection (no request claims on it).
    with connect(world.url) as conn:
        pi = f"pi_org_{bid}"
        conn.execute(
            "select internal.record_payment_intent(%s, %s, %s, 'EUR', 0, null, false)",
            (bid, pi, split["organizer_share_cents"]),
        )
        outcome = conn.execute(
            "select internal.confirm_booking_from_payment(%s, %s, 'EUR')",
            (pi, split["organizer_share_cents"]),
        ).fetchone()[0]  # type: ignore[index]
        assert outcome == "confirmed"
    return organizer, bid, split


def join(conn: psycopg.Connection, player: uuid.UUID, code: str) -> Any:
    return call(conn, "player", player, "select to_json(api.join_booking(%s))", (code,))


def outcomes(results: list[tuple[Any, float]]) -> tuple[list[dict], list[ApiError]]:
    wins = [r for r, _ in results if isinstance(r, dict)]
    losses = [r for r, _ in results if isinstance(r, ApiError)]
    others = [r for r, _ in results if not isinstance(r, dict | ApiError)]
    assert others == [], others
    return wins, losses


def test_50_players_race_for_the_last_share(
    world: World, share_conns: list[psycopg.Connection]
) -> None:
    organizer, bid, split = confirmed_split(world, 3)
    [early] = world.add_players(1)
    with connect(world.url) as conn:
        join(conn, early, split["invite_code"])
    racers = world.add_players(N)

    wins, losses = outcomes(
        race(N, share_conns, lambda i, c: join(c, racers[i], split["invite_code"]))
    )

    assert len(wins) == 1, f"{len(wins)} winners"
    assert {(e.code, e.status) for e in losses} == {("match_full", 409)}
    holders = world.sql(
        "select number, player_id, status::text from data.booking_share"
        " where booking_id = %s order by number",
        (bid,),
    )
    assert [(n, s) for n, _, s in holders] == [(1, "paid"), (2, "taken"), (3, "taken")]
    assert [p for _, p, _ in holders][:2] == [organizer, early]
    assert holders[2][1] in racers and wins[0]["share_number"] == 3


def test_50_players_race_for_the_seats_of_an_open_match(
    world: World, share_conns: list[psycopg.Connection]
) -> None:
    organizer, bid, _ = confirmed_split(world, 8)
    with connect(world.url) as conn:
        match = call(
            conn, "player", organizer, "select to_json(api.open_match(%s, 2.0, 5.0))", (bid,)
        )
    racers = world.add_players(N)
    world.sql("update data.app_user set level = 3.5 where id = any(%s)", (racers,))

    wins, losses = outcomes(
        race(
            N,
            share_conns,
            lambda i, c: call(
                c, "player", racers[i], "select to_json(api.join_match(%s))", (match["match_id"],)
            ),
        )
    )

    assert len(wins) == 7
    assert len({w["share_id"] for w in wins}) == 7
    assert {(e.code, e.status) for e in losses} == {("match_full", 409)}
    [(free, holders)] = world.sql(
        "select count(*) filter (where status = 'open'), count(distinct player_id)"
        " from data.booking_share where booking_id = %s",
        (bid,),
    )
    assert (free, holders) == (0, 8)
    # The organizer heard of each seat taken; everyone that the match is full.
    [(joined, full)] = world.sql(
        "select count(*) filter (where kind = 'match_joined'), count(*) filter (where kind = 'match_full')"  # noqa: E501
        " from data.notification where booking_id = %s",
        (bid,),
    )
    assert (joined, full) == (7, 8)


def test_one_player_joining_from_many_devices_holds_one_share(
    world: World, share_conns: list[psycopg.Connection]
) -> None:
    _, bid, split = confirmed_split(world, 4)
    [player] = world.add_players(1)

    wins, losses = outcomes(
        race(20, share_conns, lambda i, c: join(c, player, split["invite_code"]))
    )

    assert losses == [] and len({w["share_id"] for w in wins}) == 1
    assert world.sql(
        "select count(*) from data.booking_share where booking_id = %s and player_id = %s",
        (bid, player),
    ) == [(1,)]


def test_two_requests_paying_the_same_share_get_one_payment(
    world: World, share_conns: list[psycopg.Connection]
) -> None:
    _, bid, split = confirmed_split(world, 2)
    [friend] = world.add_players(1)
    with connect(world.url) as conn:
        join(conn, friend, split["invite_code"])

    def pay(i: int, c: psycopg.Connection) -> Any:
        return (
            as_service(c)
            .execute("select internal.payment_context(%s, %s)", (bid, friend))
            .fetchone()[0]
        )  # type: ignore[index]

    results = race(20, share_conns, pay)
    contexts = [r for r, _ in results]
    assert all(isinstance(r, dict) for r in contexts), contexts
    assert {(r["kind"], r["share_payment_id"], r["intent_idempotency_key"]) for r in contexts} == {
        ("share", contexts[0]["share_payment_id"], contexts[0]["intent_idempotency_key"])
    }
    assert world.sql("select count(*) from data.share_payment where booking_id = %s", (bid,)) == [
        (1,)
    ]


def as_service(conn: psycopg.Connection) -> psycopg.Connection:
    """A pooled connection used by the services: no request claims (a previous
    player request left an empty one behind)."""
    conn.execute("select set_config('request.jwt.claims', '{}', false)")
    return conn


def deliver(conn: psycopg.Connection, event_id: str, type_: str, obj: dict, created: float) -> str:
    as_service(conn)
    payload = {
        "id": event_id,
        "type": type_,
        "livemode": False,
        "created": int(created),
        "data": {"object": obj},
    }
    conn.execute(
        "select internal.store_stripe_event(%s, %s, false, to_timestamp(%s), null, %s::jsonb)",
        (event_id, type_, created, json.dumps(payload)),
    )
    return conn.execute("select internal.apply_stripe_event(%s, false)", (event_id,)).fetchone()[0]  # type: ignore[index]


def share_intent(world: World, bid: int, friend: uuid.UUID) -> tuple[str, int]:
    with connect(world.url) as conn:
        ctx = conn.execute("select internal.payment_context(%s, %s)", (bid, friend)).fetchone()[0]  # type: ignore[index]
        pi = f"pi_share_{ctx['share_payment_id']}"
        conn.execute("select internal.record_share_intent(%s, %s)", (ctx["share_payment_id"], pi))
    return pi, int(ctx["amount_cents"])


def succeeded(pi: str, amount: int) -> dict[str, Any]:
    return {"id": pi, "object": "payment_intent", "status": "succeeded", "amount": amount,
            "amount_received": amount, "currency": "eur"}  # fmt: skip


def test_share_paid_at_the_deadline_is_never_kept_twice(
    world: World, share_conns: list[psycopg.Connection]
) -> None:
    """20 bookings: each friend's payment_intent.succeeded and the deadline's
    close_split run at the same moment."""
    cases = []
    for _ in range(20):
        _, bid, split = confirmed_split(world, 2)
        [friend] = world.add_players(1)
        with connect(world.url) as conn:
            join(conn, friend, split["invite_code"])
        pi, amount = share_intent(world, bid, friend)
        world.sql(
            "update data.booking_split set pay_by = now() - interval '1 second'"
            " where booking_id = %s",
            (bid,),
        )
        cases.append((bid, pi, amount))
    now = time.time()

    def work(i: int, c: psycopg.Connection) -> Any:
        bid, pi, amount = cases[i // 2]
        if i % 2 == 0:
            return deliver(
                c, f"evt_race_{pi}", "payment_intent.succeeded", succeeded(pi, amount), now
            )
        return as_service(c).execute("select internal.close_split(%s)", (bid,)).fetchone()[0]  # type: ignore[index]

    results = race(40, share_conns, work)
    assert not [r for r, _ in results if isinstance(r, Exception)], results
    seen = set()
    for bid, pi, amount in cases:
        [(statuses, kept, cover, refunded)] = world.sql(
            "select array_agg(s.status::text order by s.number),"
            " (select count(*) from data.share_payment p where p.stripe_payment_intent_id = %s"
            "   and p.status = 'succeeded'),"
            " (select coalesce(sum(amount_cents), 0) from data.share_payment p"
            "   where p.booking_id = %s and p.kind = 'cover'),"
            " (select coalesce(sum(amount_cents), 0) from data.share_refund r"
            "   where r.booking_id = %s)"
            " from data.booking_share s where s.booking_id = %s",
            (pi, bid, bid, bid),
        )
        assert kept == 1  # Stripe's word is recorded either way
        if statuses == ["paid", "paid"]:
            seen.add("paid in time")
            assert (cover, refunded) == (0, 0)
        else:
            seen.add("covered, refunded")
            assert statuses == ["paid", "covered"] and (cover, refunded) == (amount, amount)
        # What is kept for the share is its amount exactly once.
        assert (amount - refunded) + cover == amount
    assert seen, seen


def test_the_same_event_many_times_at_once_and_out_of_order(
    world: World, share_conns: list[psycopg.Connection]
) -> None:
    _, bid, split = confirmed_split(world, 2)
    [friend] = world.add_players(1)
    with connect(world.url) as conn:
        join(conn, friend, split["invite_code"])
    pi, amount = share_intent(world, bid, friend)
    now = time.time()

    results = race(
        12,
        share_conns,
        lambda i, c: deliver(
            c, f"evt_dup_{pi}", "payment_intent.succeeded", succeeded(pi, amount), now
        ),
    )
    answers = sorted(r for r, _ in results)
    assert answers == ["already_applied"] * 11 + ["share_paid"], answers
    with connect(world.url) as conn:
        # An older decline and a cancel arriving late never undo the payment.
        failed = {"id": pi, "object": "payment_intent", "status": "requires_payment_method",
                  "last_payment_error": {"message": "Your card was declined."}}  # fmt: skip
        assert deliver(
            conn, f"evt_old_{pi}", "payment_intent.payment_failed", failed, now - 60
        ) == ("ignored_final")
        assert deliver(conn, f"evt_cxl_{pi}", "payment_intent.canceled", {"id": pi}, now + 1) == (
            "ignored_final"
        )
    assert world.sql(
        "select status::text from data.booking_share where booking_id = %s order by number", (bid,)
    ) == [("paid",), ("paid",)]
    assert world.sql(
        "select count(*) from data.notification where booking_id = %s and kind = 'share_paid'",
        (bid,),
    ) == [(1,)]
