"""The waitlist under real concurrency (issue 21, DESIGN.md invariant 11).

A freed slot goes to exactly the first waiting player, in the transaction that
freed it, while others race for it directly; a lapsing offer passes to the
next; leaving, paying and lapsing race each other without a second booking, a
lock wait turning into an error, or an offer for someone who left.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import psycopg
import pytest

from tests.engine.helpers import ApiError, World, call, race

HOLD = "select to_json(api.hold_slots(%s::bigint[]))"
JOIN = 'select to_json(api.join_waitlist(court_id => %s, "from" => %s, "to" => %s))'
JOIN_VENUE = 'select to_json(api.join_waitlist(venue_id => %s, "from" => %s, "to" => %s'


def slot_window(world: World, slot: int) -> tuple[datetime, datetime]:
    [(start, end)] = world.sql("select start_at, end_at from data.slot where id = %s", (slot,))
    return start, end


def join(conn: psycopg.Connection, player: uuid.UUID, court: int, slot_w: tuple) -> int:
    return call(conn, "player", player, JOIN, (court, *slot_w))["waitlist_id"]


def entries(world: World, ids: list[int]) -> dict[int, tuple[str, int | None]]:
    rows = world.sql(
        "select id, status, offer_booking_id from data.waitlist_entry where id = any(%s)", (ids,)
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def active_bookings_of_slot(world: World, slot: int) -> list[tuple]:
    return world.sql(
        "select b.id, b.player_id, b.status::text from data.booking_slot bs "
        "join data.booking b on b.id = bs.booking_id where bs.slot_id = %s and bs.active",
        (slot,),
    )


def confirm(conn: psycopg.Connection, booking: int, pi: str) -> str:
    """The webhook's path: record the PaymentIntent, then payment_intent.succeeded."""
    [(amount,)] = conn.execute(
        "select amount_cents from data.booking where id = %s", (booking,)
    ).fetchall()
    call(
        conn,
        "webhook_service",
        None,
        "select internal.record_payment_intent(%s, %s, %s, 'eur', 0, null, false)",
        (booking, pi, amount),
    )
    return call(
        conn,
        "webhook_service",
        None,
        "select internal.confirm_booking_from_payment(%s, %s, 'eur')",
        (pi, amount),
    )


def lapse(world: World, booking: int) -> None:
    """Time passes until just after the booking's deadline: its held_until and its
    slots' held_until move back by the same amount (an offer's slot keeps its grace)."""
    world.sql(
        "with shift as (select held_until - (now() - interval '1 second') as d "
        "               from data.booking where id = %(b)s), "
        "s as (update data.slot set held_until = held_until - (select d from shift) "
        "      where id in (select slot_id from data.booking_slot "
        "                   where booking_id = %(b)s and active) and status = 'held') "
        "update data.booking set held_until = held_until - (select d from shift) where id = %(b)s",
        {"b": booking},
    )


def expire_offer(conn: psycopg.Connection, booking: int) -> str:
    return call(conn, "worker_service", None, "select internal.expire_offer(%s)", (booking,))


@pytest.fixture
def quota(world: World):
    yield
    world.sql("update data.platform_settings set max_pending_holds = 2, max_held_slots = 8")


def test_three_wait_a_confirmed_booking_is_cancelled_first_then_second(
    world: World, conns: list[psycopg.Connection]
) -> None:
    """The issue's story: three players wait; a paid booking is cancelled; the
    first gets the offer and only them; they let it lapse; the second gets it; a
    player who left gets nothing."""
    _, _, [court] = world.add_owner_with_venue()
    [slot] = world.add_slots(court, 1)
    booker, first, left, second, third = world.add_players(5)
    c = conns[0]
    booking = call(c, "player", booker, HOLD, ([slot],))["booking_id"]
    assert confirm(c, booking, f"pi_wl_{booking}") == "confirmed"
    w = slot_window(world, slot)
    e_first = join(c, first, court, w)
    e_left = join(c, left, court, w)
    e_second = join(c, second, court, w)
    e_third = join(c, third, court, w)
    assert call(c, "player", left, "select to_json(api.leave_waitlist(%s))", (e_left,)) == {
        "ok": True
    }

    call(c, "player", booker, "select api.cancel_booking(%s)", (booking,))
    state = entries(world, [e_first, e_left, e_second, e_third])
    assert state[e_first][0] == "offered"
    assert [s for s, _ in state.values()].count("offered") == 1
    assert state[e_left] == ("left", None)
    offer1 = state[e_first][1]
    assert active_bookings_of_slot(world, slot) == [(offer1, first, "pending")]
    kinds = world.sql(
        "select user_id, kind from data.notification where kind = 'waitlist_offer' "
        "and booking_id = %s",
        (offer1,),
    )
    assert kinds == [(first, "waitlist_offer")]

    lapse(world, offer1)
    assert expire_offer(c, offer1) == "expired"
    state = entries(world, [e_first, e_left, e_second, e_third])
    assert state[e_first][0] == "expired"
    assert state[e_second][0] == "offered"
    assert state[e_left] == ("left", None) and state[e_third] == ("waiting", None)
    assert active_bookings_of_slot(world, slot) == [(state[e_second][1], second, "pending")]
    # nobody who left was ever offered anything
    assert world.sql("select count(*) from data.booking where player_id = %s", (left,)) == [(0,)]


def test_100_direct_holds_race_the_freeing_the_offer_wins(
    world: World, conns: list[psycopg.Connection]
) -> None:
    """99 players hold the slot directly at the instant its holder releases it
    while 3 wait: the offer goes to the first waiter, every direct hold gets
    slot_unavailable (never another error), never two active bookings."""
    for _ in range(3):
        release_raced_by_holds(world, conns)


def release_raced_by_holds(world: World, conns: list[psycopg.Connection]) -> None:
    _, _, [court] = world.add_owner_with_venue()
    [slot] = world.add_slots(court, 1)
    holder, *waiters = world.add_players(4)
    racers = world.add_players(99)
    booking = call(conns[0], "player", holder, HOLD, ([slot],))["booking_id"]
    w = slot_window(world, slot)
    ids = [join(conns[0], p, court, w) for p in waiters]

    def work(i: int, c: psycopg.Connection) -> object:
        if i == 0:
            return call(c, "player", holder, "select to_json(api.release_hold(%s))", (booking,))
        return call(c, "player", racers[i - 1], HOLD, ([slot],))

    results = [r for r, _ in race(100, conns, work)]
    assert results[0]["status"] == "cancelled"
    errors = [r for r in results[1:] if isinstance(r, Exception)]
    assert all(isinstance(e, ApiError) and e.code == "slot_unavailable" for e in errors), errors
    winners = [r for r in results[1:] if not isinstance(r, Exception)]
    assert winners == []
    state = entries(world, ids)
    assert state[ids[0]][0] == "offered"
    assert state[ids[1]] == ("waiting", None) and state[ids[2]] == ("waiting", None)
    assert active_bookings_of_slot(world, slot) == [(state[ids[0]][1], waiters[0], "pending")]


def test_lapsed_hold_raced_by_100_holds_and_the_sweep_exactly_one_wins(
    world: World, conns: list[psycopg.Connection]
) -> None:
    """A plain hold lapses while 2 wait: 99 direct holds race the worker's sweep.
    Either one direct hold takes the lapsed hold over (and nobody is offered) or
    the sweep frees it and the first waiter gets the offer (and every hold
    fails): exactly one of them, only slot_unavailable as an error."""
    for _ in range(3):
        lapsed_hold_raced(world, conns)


def lapsed_hold_raced(world: World, conns: list[psycopg.Connection]) -> None:
    _, _, [court] = world.add_owner_with_venue()
    [slot] = world.add_slots(court, 1)
    holder, *waiters = world.add_players(3)
    racers = world.add_players(99)
    booking = call(conns[0], "player", holder, HOLD, ([slot],))["booking_id"]
    w = slot_window(world, slot)
    ids = [join(conns[0], p, court, w) for p in waiters]
    lapse(world, booking)

    def work(i: int, c: psycopg.Connection) -> object:
        if i == 0:
            return call(c, "worker_service", None, "select internal.expire_hold(%s)", (booking,))
        return call(c, "player", racers[i - 1], HOLD, ([slot],))

    results = [r for r, _ in race(100, conns, work)]
    holds = results[1:]
    errors = [r for r in holds if isinstance(r, Exception)]
    assert all(isinstance(e, ApiError) and e.code == "slot_unavailable" for e in errors), errors
    winners = [r for r in holds if not isinstance(r, Exception)]
    state = entries(world, ids)
    offered = [i for i in ids if state[i][0] == "offered"]
    assert len(winners) + len(offered) == 1, (winners, state)
    assert len(active_bookings_of_slot(world, slot)) == 1
    if offered:
        assert offered == [ids[0]]


def test_a_lapsed_offer_raced_by_100_holds_goes_to_the_next_in_line(
    world: World, conns: list[psycopg.Connection]
) -> None:
    """After an offer's deadline, 99 direct holds race the worker's expiry: the
    slot stays reserved for the line, so every hold fails and the second waiter
    gets it."""
    _, _, [court] = world.add_owner_with_venue()
    [slot] = world.add_slots(court, 1)
    holder, first, second = world.add_players(3)
    racers = world.add_players(99)
    booking = call(conns[0], "player", holder, HOLD, ([slot],))["booking_id"]
    w = slot_window(world, slot)
    e1, e2 = join(conns[0], first, court, w), join(conns[0], second, court, w)
    call(conns[0], "player", holder, "select to_json(api.release_hold(%s))", (booking,))
    offer1 = entries(world, [e1])[e1][1]
    lapse(world, offer1)

    def work(i: int, c: psycopg.Connection) -> object:
        if i == 0:
            return expire_offer(c, offer1)
        return call(c, "player", racers[i - 1], HOLD, ([slot],))

    results = [r for r, _ in race(100, conns, work)]
    assert results[0] == "expired"
    assert all(isinstance(r, ApiError) and r.code == "slot_unavailable" for r in results[1:])
    state = entries(world, [e1, e2])
    assert state[e1][0] == "expired" and state[e2][0] == "offered"
    assert active_bookings_of_slot(world, slot) == [(state[e2][1], second, "pending")]


def test_many_slots_freed_at_once_go_to_the_first_waiters_one_each(
    world: World, conns: list[psycopg.Connection]
) -> None:
    """40 players wait for any padel court of a venue in one hour; 10 holds of
    that hour are released at the same instant (while 40 others race for the
    slots directly): the first 10 waiters get one offer each, nobody two, no
    slot two, every direct hold slot_unavailable."""
    _, venue, courts = world.add_owner_with_venue(courts=10)
    slots = [world.add_slots(c, 1)[0] for c in courts]
    starts = {slot_window(world, s) for s in slots}
    assert len(starts) == 1
    [(start, end)] = starts
    holders = world.add_players(10)
    waiters = world.add_players(40)
    racers = world.add_players(40)
    bookings = [
        call(conns[0], "player", h, HOLD, ([s],))["booking_id"]
        for h, s in zip(holders, slots, strict=True)
    ]
    ids = [
        call(
            conns[0],
            "player",
            p,
            JOIN_VENUE + ", sport => 'padel'))",
            (venue, start, end),
        )["waitlist_id"]
        for p in waiters
    ]

    def work(i: int, c: psycopg.Connection) -> object:
        if i < 10:
            return call(
                c, "player", holders[i], "select to_json(api.release_hold(%s))", (bookings[i],)
            )
        return call(c, "player", racers[i - 10], HOLD, ([slots[i % 10]],))

    results = [r for r, _ in race(50, conns, work)]
    assert all(r["status"] == "cancelled" for r in results[:10]), results[:10]
    assert all(isinstance(r, ApiError) and r.code == "slot_unavailable" for r in results[10:])
    state = entries(world, ids)
    offered = sorted(i for i in ids if state[i][0] == "offered")
    assert offered == sorted(ids[:10])
    holders_now = world.sql(
        "select s.id, s.held_by from data.slot s where s.id = any(%s) order by s.id", (slots,)
    )
    assert sorted(h for _, h in holders_now) == sorted(waiters[:10])
    for s in slots:
        assert len(active_bookings_of_slot(world, s)) == 1


def test_paying_races_the_offers_expiry(world: World, conns: list[psycopg.Connection]) -> None:
    """An offer's deadline has just passed; the player's payment arrives at the
    instant the worker's sweep expires the offer (20 rounds). Exactly one wins: paid →
    entry booked, the next waiter still waiting; expired → the next waiter gets
    the slot and the late payment is refunded in full, never a second booking."""
    outcomes = {paying_races_expiry(world, conns) for _ in range(20)}
    assert outcomes  # which one wins is up to the scheduler; each is checked above


def paying_races_expiry(world: World, conns: list[psycopg.Connection]) -> str:
    _, _, [court] = world.add_owner_with_venue()
    [slot] = world.add_slots(court, 1)
    holder, first, second = world.add_players(3)
    booking = call(conns[0], "player", holder, HOLD, ([slot],))["booking_id"]
    w = slot_window(world, slot)
    e1, e2 = join(conns[0], first, court, w), join(conns[0], second, court, w)
    call(conns[0], "player", holder, "select to_json(api.release_hold(%s))", (booking,))
    offer1 = entries(world, [e1])[e1][1]
    pi = f"pi_wl_race_{offer1}"
    [(amount,)] = world.sql("select amount_cents from data.booking where id = %s", (offer1,))
    call(
        conns[0],
        "webhook_service",
        None,
        "select internal.record_payment_intent(%s, %s, %s, 'eur', 0, null, false)",
        (offer1, pi, amount),
    )
    lapse(world, offer1)

    def work(i: int, c: psycopg.Connection) -> object:
        if i == 0:
            return call(
                c,
                "webhook_service",
                None,
                "select internal.confirm_booking_from_payment(%s, %s, 'eur')",
                (pi, amount),
            )
        # the sweep's expiry of a lapsed hold with a PaymentIntent (after Stripe said unpaid)
        return call(c, "worker_service", None, "select internal.expire_hold(%s)", (offer1,))

    paid, expired = [r for r, _ in race(2, conns, work)]
    assert not isinstance(paid, Exception) and not isinstance(expired, Exception), (paid, expired)
    state = entries(world, [e1, e2])
    [(status,)] = world.sql("select status::text from data.booking where id = %s", (offer1,))
    [(refunds,)] = world.sql(
        "select coalesce(sum(amount_cents), 0) from data.refund where booking_id = %s", (offer1,)
    )
    if status == "confirmed":
        assert state[e1][0] == "booked" and state[e2][0] == "waiting"
        assert refunds == 0
        assert active_bookings_of_slot(world, slot) == [(offer1, first, "confirmed")]
        return "paid"
    assert expired is True, (paid, expired)
    assert state[e1][0] == "expired" and state[e2][0] == "offered"
    assert refunds == amount  # the late payment is refunded in full
    assert active_bookings_of_slot(world, slot) == [(state[e2][1], second, "pending")]
    return "expired"


def test_leaving_races_the_freeing(world: World, conns: list[psycopg.Connection]) -> None:
    """The first waiter leaves at the instant the slot frees (30 rounds): they
    end with no live offer (either never offered, or offered and released on
    leaving), and the slot ends held for the second waiter."""
    for _ in range(30):
        leaving_races_freeing(world, conns)


def leaving_races_freeing(world: World, conns: list[psycopg.Connection]) -> None:
    _, _, [court] = world.add_owner_with_venue()
    [slot] = world.add_slots(court, 1)
    holder, first, second = world.add_players(3)
    booking = call(conns[0], "player", holder, HOLD, ([slot],))["booking_id"]
    w = slot_window(world, slot)
    e1, e2 = join(conns[0], first, court, w), join(conns[0], second, court, w)

    def work(i: int, c: psycopg.Connection) -> object:
        if i == 0:
            return call(c, "player", holder, "select to_json(api.release_hold(%s))", (booking,))
        return call(c, "player", first, "select to_json(api.leave_waitlist(%s))", (e1,))

    results = [r for r, _ in race(2, conns, work)]
    assert not any(isinstance(r, Exception) for r in results), results
    state = entries(world, [e1, e2])
    assert state[e1][0] == "left"
    assert state[e2][0] == "offered"
    assert world.sql(
        "select count(*) from data.booking where player_id = %s and status = 'pending'", (first,)
    ) == [(0,)]
    assert active_bookings_of_slot(world, slot) == [(state[e2][1], second, "pending")]


def test_a_waiter_at_the_hold_quota_is_passed_over_and_keeps_their_place(
    world: World, conns: list[psycopg.Connection], quota: None
) -> None:
    """A waiting player who already holds the most they may is passed over (the
    offer is a hold like any other), keeps their place, and gets the next slot
    once they hold less."""
    world.sql("update data.platform_settings set max_pending_holds = 1")
    _, _, [court, other] = world.add_owner_with_venue(courts=2)
    s1, s2 = world.add_slots(court, 1)[0], world.add_slots(court, 1)[0]
    [elsewhere] = world.add_slots(other, 1)
    holder, busy, patient, other_holder = world.add_players(4)
    b1 = call(conns[0], "player", holder, HOLD, ([s1],))["booking_id"]
    b2 = call(conns[0], "player", other_holder, HOLD, ([s2],))["booking_id"]
    start, _ = slot_window(world, s1)
    _, end = slot_window(world, s2)
    e_busy = join(conns[0], busy, court, (start, end))
    e_patient = join(conns[0], patient, court, (start, end))
    busy_hold = call(conns[0], "player", busy, HOLD, ([elsewhere],))["booking_id"]

    call(conns[0], "player", holder, "select to_json(api.release_hold(%s))", (b1,))
    state = entries(world, [e_busy, e_patient])
    assert state[e_busy] == ("waiting", None) and state[e_patient][0] == "offered"

    call(conns[0], "player", busy, "select to_json(api.release_hold(%s))", (busy_hold,))
    call(conns[0], "player", other_holder, "select to_json(api.release_hold(%s))", (b2,))
    state = entries(world, [e_busy])
    assert state[e_busy][0] == "offered"


def test_one_player_racing_joins_gets_at_most_20(
    world: World, conns: list[psycopg.Connection]
) -> None:
    """40 simultaneous joins by one player for 40 different windows: exactly 20
    entries, the other 20 invalid_input (the quota against squatting the list)."""
    _, venue, _ = world.add_owner_with_venue()
    [squatter] = world.add_players(1)
    base = datetime.now().astimezone() + timedelta(days=30)

    def work(i: int, c: psycopg.Connection) -> object:
        return call(
            c,
            "player",
            squatter,
            JOIN_VENUE + "))",
            (venue, base + timedelta(hours=2 * i), base + timedelta(hours=2 * i + 1)),
        )

    results = [r for r, _ in race(40, conns, work)]
    ok = [r for r in results if not isinstance(r, Exception)]
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(ok) == 20
    assert all(isinstance(e, ApiError) and e.code == "invalid_input" for e in errors), errors
    assert world.sql(
        "select count(*) from data.waitlist_entry where player_id = %s", (squatter,)
    ) == [(20,)]
