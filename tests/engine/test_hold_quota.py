"""Hold quotas under real concurrency (issue 16, hold squatting).

One player firing many holds at the same instant never gets more than the
quota; other players holding at the same moment are not refused and not made
to wait: the per-player serialisation is an advisory lock on the player, never
a lock other players' transactions need (DESIGN.md invariant 3).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from tests.engine.helpers import ApiError, World, call, claims, connect, race

HOLD = "select to_json(api.hold_slots(%s::bigint[]))"


def hold(conn: psycopg.Connection, player: uuid.UUID, slots: list[int]) -> dict:
    return call(conn, "player", player, HOLD, (slots,))


def pending_of(world: World, player: uuid.UUID) -> tuple[int, int]:
    """(pending bookings, active slots in them) of a player."""
    [(bookings, slots)] = world.sql(
        "select count(distinct b.id), count(bs.slot_id) from data.booking b "
        "left join data.booking_slot bs on bs.booking_id = b.id and bs.active "
        "where b.player_id = %s and b.status = 'pending' and b.held_until > now()",
        (player,),
    )
    return bookings, slots


@pytest.fixture
def settings(world: World) -> Iterator[None]:
    yield
    world.sql("update data.platform_settings set max_pending_holds = 2, max_held_slots = 8")


def test_one_player_racing_holds_gets_the_quota_others_all_win(
    world: World, conns: list[psycopg.Connection]
) -> None:
    """40 simultaneous holds by one player: exactly max_pending_holds (2) win; 40
    other players racing at the same moment for their own slots all win."""
    _, _, courts = world.add_owner_with_venue(courts=2)
    squat_slots = world.add_slots(courts[0], 40)
    other_slots = world.add_slots(courts[1], 40)
    [squatter] = world.add_players(1)
    others = world.add_players(40)

    def work(i: int, c: psycopg.Connection) -> dict:
        if i < 40:
            return hold(c, squatter, [squat_slots[i]])
        return hold(c, others[i - 40], [other_slots[i - 40]])

    results = [r for r, _ in race(80, conns, work)]
    squat, rest = results[:40], results[40:]
    wins = [r for r in squat if isinstance(r, dict)]
    refused = [r for r in squat if isinstance(r, ApiError)]
    assert len(wins) == 2, squat
    assert {(e.sqlstate, e.code, e.status) for e in refused} == {("PGRST", "too_many_holds", 429)}
    assert len(refused) == 38
    assert pending_of(world, squatter) == (2, 2)
    assert all(isinstance(r, dict) and r["status"] == "pending" for r in rest), rest
    held = world.sql(
        "select count(*) from data.slot where id = any(%s) and status = 'held'", (squat_slots,)
    )
    assert held == [(2,)]


def test_racing_multi_slot_holds_never_exceed_max_held_slots(
    world: World, conns: list[psycopg.Connection], settings: None
) -> None:
    """With 20 pending holds allowed, 30 simultaneous 3-slot holds of one player stop
    at max_held_slots (8): exactly two win (6 slots; a third would make 9)."""
    world.sql("update data.platform_settings set max_pending_holds = 20, max_held_slots = 8")
    _, _, [court] = world.add_owner_with_venue()
    slots = world.add_slots(court, 90)
    [player] = world.add_players(1)

    results = [
        r for r, _ in race(30, conns, lambda i, c: hold(c, player, slots[3 * i : 3 * i + 3]))
    ]
    wins = [r for r in results if isinstance(r, dict)]
    assert len(wins) == 2, results
    assert {(e.code, e.status) for e in results if isinstance(e, ApiError)} == {
        ("too_many_holds", 429)
    }
    assert pending_of(world, player) == (2, 6)


def open_hold(conn: psycopg.Connection, player: uuid.UUID, slots: list[int]) -> dict:
    """hold_slots inside the caller's open transaction (as PostgREST runs it), not committed."""
    conn.execute(
        "select set_config('role', 'player', true), set_config('request.jwt.claims', %s, true)",
        (claims("player", player),),
    )
    return conn.execute(HOLD, (slots,)).fetchone()[0]


def test_quota_lock_serialises_one_player_and_never_blocks_another(
    world: World, engine_url: str
) -> None:
    """While player A's hold is uncommitted (its quota lock held), a second hold by A
    waits for it (here: runs into lock_timeout), but player B's hold, and B taking
    over a lapsed hold of A (which writes a notification for A, a row referencing
    A's app_user), go through at once with lock_timeout set: they never wait."""
    _, _, [court] = world.add_owner_with_venue()
    slots = world.add_slots(court, 4)
    a, b = world.add_players(2)
    # A's old hold of slots[3], lapsed: B will take it over.
    with connect(engine_url) as c:
        lapsed = hold(c, a, [slots[3]])
    world.sql(
        "update data.booking set held_until = now() - interval '1 second' where id = %s",
        (lapsed["booking_id"],),
    )
    world.sql(
        "update data.slot set held_until = now() - interval '1 second' where id = %s", (slots[3],)
    )

    with connect(engine_url) as ca, connect(engine_url) as ca2, connect(engine_url) as cb:
        with ca.transaction():
            first = open_hold(ca, a, [slots[0]])
            assert first["status"] == "pending"

            with pytest.raises(psycopg.errors.LockNotAvailable):
                with ca2.transaction():
                    ca2.execute("set local lock_timeout = '300ms'")
                    open_hold(ca2, a, [slots[1]])

            with cb.transaction():
                cb.execute("set local lock_timeout = '300ms'")
                other = open_hold(cb, b, [slots[2]])
                takeover = open_hold(cb, b, [slots[3]])
            assert other["status"] == "pending" and takeover["slot_ids"] == [slots[3]]
        # A committed: its second hold runs now (the lapsed hold no longer counts).
        second = hold(ca2, a, [slots[1]])
        assert second["status"] == "pending"

    told = world.sql(
        "select payload from data.notification where user_id = %s and kind = 'hold_expired'", (a,)
    )
    assert [json.loads(p) if isinstance(p, str) else p for (p,) in told] == [
        {"booking_id": lapsed["booking_id"], "venue_id": world.venues[-1]}
    ]
