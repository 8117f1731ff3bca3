"""Running a club under real concurrency (issue 20): a desk booking
(api.owner_book) and app holds (api.hold_slots) race for the same slots through
the same slot-taking statement (data.take_slots), so exactly one of them wins."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tests.engine.helpers import ApiError, World, call, connect, race

HOLD = "select to_json(api.hold_slots(%s::bigint[]))"
OWNER_BOOK = "select to_json(b) from api.owner_book(%s::bigint[], %s) b"


@pytest.fixture(scope="module")
def pool(engine_url: str, world: World) -> Iterator[list[psycopg.Connection]]:
    """20 connections, warmed by one hold, one release and one desk booking each."""
    conns = [connect(engine_url) for _ in range(20)]
    owner, _, [court] = world.add_owner_with_venue()
    slots = world.add_slots(court, 2 * len(conns))
    players = world.add_players(len(conns))
    for i, (conn, player) in enumerate(zip(conns, players, strict=True)):
        b = call(conn, "player", player, HOLD, ([slots[2 * i]],))
        call(conn, "player", player, "select to_json(api.release_hold(%s))", (b["booking_id"],))
        call(conn, "owner", owner, OWNER_BOOK, ([slots[2 * i + 1]], "warm-up"))
    yield conns
    for c in conns:
        c.close()


def active_bookings(world: World, slot: int) -> list[tuple]:
    return world.sql(
        "select b.id, b.paid_at_venue, b.status::text from data.booking_slot bs "
        "join data.booking b on b.id = bs.booking_id where bs.slot_id = %s and bs.active",
        (slot,),
    )


def test_owner_book_racing_a_hold_exactly_one_wins(
    world: World, pool: list[psycopg.Connection]
) -> None:
    owner, _, [court] = world.add_owner_with_venue()
    slots = world.add_slots(court, 40)
    # one player per race: a player keeps at most max_pending_holds holds (issue 16)
    players = world.add_players(len(slots))
    outcomes: set[str] = set()
    for slot, player in zip(slots, players, strict=True):

        def work(i: int, c: psycopg.Connection, slot: int = slot, player=player) -> object:
            if i == 0:
                return call(c, "owner", owner, OWNER_BOOK, ([slot], "Desk customer"))
            return call(c, "player", player, HOLD, ([slot],))

        (desk, _), (app, _) = race(2, pool, work)
        [(status,)] = world.sql("select status::text from data.slot where id = %s", (slot,))
        [(booking_id, at_venue, booking_status)] = active_bookings(world, slot)
        winners = [r for r in (desk, app) if isinstance(r, dict)]
        losers = [r for r in (desk, app) if isinstance(r, ApiError)]
        assert len(winners) == 1 and len(losers) == 1, (desk, app)
        assert (losers[0].code, losers[0].status, losers[0].details) == (
            "slot_unavailable",
            409,
            str(slot),
        )
        assert winners[0]["booking_id"] == booking_id
        if isinstance(desk, dict):
            assert desk["status"] == "confirmed" and desk["payment_status"] == "at_venue"
            assert (status, at_venue, booking_status) == ("booked", True, "confirmed")
            outcomes.add("desk")
        else:
            assert (status, at_venue, booking_status) == ("held", False, "pending")
            outcomes.add("app")
    assert outcomes
    # nothing half-done anywhere: every losing desk booking rolled back entirely
    assert world.sql(
        "select count(*) from data.booking b join data.court c on c.venue_id = b.venue_id "
        "where c.id = %s and not exists "
        "(select from data.booking_slot bs where bs.booking_id = b.id)",
        (court,),
    ) == [(0,)]


def test_one_desk_booking_and_nineteen_holds_on_one_slot(
    world: World, pool: list[psycopg.Connection]
) -> None:
    owner, _, [court] = world.add_owner_with_venue()
    [slot] = world.add_slots(court, 1)
    players = world.add_players(19)

    def work(i: int, c: psycopg.Connection) -> object:
        if i == 0:
            return call(c, "owner", owner, OWNER_BOOK, ([slot], "Phone customer"))
        return call(c, "player", players[i - 1], HOLD, ([slot],))

    results = race(20, pool, work)
    wins = [r for r, _ in results if isinstance(r, dict)]
    losses = [r for r, _ in results if isinstance(r, ApiError)]
    assert len(wins) == 1 and len(losses) == 19, results
    assert {(e.code, e.status, e.details) for e in losses} == {("slot_unavailable", 409, str(slot))}
    assert len(active_bookings(world, slot)) == 1
    assert max(t for _, t in results) < 1.0


# court, first_start, weeks, customer_name, on_conflict
BOOK_SERIES = "select to_json(r) from api.book_series(%s, %s::timestamptz, %s, %s, %s) r"


def weekly_slots(world: World, court: int, weeks: int, start_days: int = 3) -> list[int]:
    """One hourly slot at the same (UTC) time on `weeks` consecutive weeks."""
    rows = world.sql(
        "insert into data.slot (court_id, start_at, end_at, price_cents) "
        "select %s, t0 + (k - 1) * interval '7 days', t0 + (k - 1) * interval '7 days' + interval '1 hour', 2500 "  # noqa: E501
        "from generate_series(1, %s::int) k, "
        "(select date_trunc('hour', now()) + make_interval(days => %s) "
        "  + (select count(*) from data.slot where court_id = %s) * interval '1 day' as t0) t "
        "returning id, start_at",
        (court, weeks, start_days, court),
    )
    return [r[0] for r in sorted(rows, key=lambda r: r[1])]


def first_start(world: World, slot: int) -> str:
    return str(world.sql("select start_at from data.slot where id = %s", (slot,))[0][0])


@pytest.mark.parametrize("mode", ["fail", "skip"])
def test_book_series_racing_a_hold_on_one_of_its_weeks(
    world: World, pool: list[psycopg.Connection], mode: str
) -> None:
    """fail: the hold wins → nothing of the series is booked; the series wins →
    the hold gets slot_unavailable. skip: the hold wins → that week is skipped."""
    owner, _, [court] = world.add_owner_with_venue(tz="UTC")
    outcomes: set[str] = set()
    for attempt in range(12):
        slots = weekly_slots(world, court, 4)
        contested = slots[attempt % 4]
        [player] = world.add_players(1)
        args = (court, first_start(world, slots[0]), 4, "League", mode)

        def work(
            i: int, c: psycopg.Connection, args=args, contested=contested, player=player
        ) -> object:
            if i == 0:
                return call(c, "owner", owner, BOOK_SERIES, args)
            return call(c, "player", player, HOLD, ([contested],))

        (desk, _), (app, _) = race(2, pool, work)
        statuses = dict(
            world.sql("select id, status::text from data.slot where id = any(%s)", (slots,))
        )
        if isinstance(app, dict):  # the player holds the contested week
            assert statuses[contested] == "held"
            if mode == "fail":
                assert isinstance(desk, ApiError), desk
                assert (desk.code, desk.status) == ("slot_unavailable", 409)
                assert str(contested) in (desk.details or "").split(",")
                assert {statuses[s] for s in slots if s != contested} == {"available"}
                outcomes.add("hold won, nothing booked")
            else:
                assert isinstance(desk, dict), desk
                assert len(desk["booked"]) == 3 and len(desk["skipped"]) == 1
                assert {statuses[s] for s in slots if s != contested} == {"booked"}
                outcomes.add("hold won, week skipped")
        else:
            assert isinstance(app, ApiError) and (app.code, app.details) == (
                "slot_unavailable",
                str(contested),
            ), app
            assert isinstance(desk, dict) and len(desk["booked"]) == 4, desk
            assert set(statuses.values()) == {"booked"}
            outcomes.add("series won")
        # no half-made series: every series row has its bookings, none is empty
        assert world.sql(
            "select count(*) from data.booking_series s where s.court_id = %s and not exists "
            "(select from data.booking b where b.series_id = s.id)",
            (court,),
        ) == [(0,)]
    assert outcomes


def test_two_desks_booking_one_slot_one_wins(world: World, pool: list[psycopg.Connection]) -> None:
    """The owner and a staff member (bookings permission) book the same slot at once."""
    owner, venue, [court] = world.add_owner_with_venue()
    [(staff_id,)] = world.sql(
        "insert into data.app_user (email, password_hash, full_name, role) "
        "values ('desk-' || gen_random_uuid() || '@race.test', 'x', 'Desk', 'owner') returning id"
    )
    world.sql(
        "insert into data.venue_staff (venue_id, user_id, permissions) "
        "values (%s, %s, '{bookings}') returning venue_id",
        (venue, staff_id),
    )
    slots = world.add_slots(court, 10)
    for slot in slots:

        def work(i: int, c: psycopg.Connection, slot: int = slot) -> object:
            who = owner if i == 0 else staff_id
            return call(c, "owner", who, OWNER_BOOK, ([slot], f"Customer {i}"))

        results = race(2, pool, work)
        wins = [r for r, _ in results if isinstance(r, dict)]
        losses = [r for r, _ in results if isinstance(r, ApiError)]
        assert len(wins) == 1 and len(losses) == 1, results
        assert (losses[0].code, losses[0].details) == ("slot_unavailable", str(slot))
        assert len(active_bookings(world, slot)) == 1
