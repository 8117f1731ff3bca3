"""Running a club under real concurrency (issue 20): a desk booking
(api.owner_book) and app holds (api.hold_slots) race for the same slots through
the same slot-taking statement (data.take_slots), so exactly one of them wins."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tests.engine.helpers import ApiError, World, call, connect, race

HOLD = "select api.hold_slots(%s::bigint[])"
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
        call(conn, "player", player, "select api.release_hold(%s)", (b["booking_id"],))
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
