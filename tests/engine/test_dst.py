"""generate_slots across DST, checked against Python's zoneinfo as an independent
oracle: the spring and autumn transition weeks of a European and an American venue."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest

from tests.engine.helpers import World, call


def transitions(tz: ZoneInfo) -> list[date]:
    """The next spring and autumn transition days (local dates) within a year."""
    today = date.today() + timedelta(days=2)
    out = []
    for i in range(400):
        d = today + timedelta(days=i)
        a = datetime.combine(d, time(0, 0), tz).utcoffset()
        b = datetime.combine(d, time(23, 59), tz).utcoffset()
        if a != b:
            out.append(d)
    return sorted(out)[:2]


def expected_starts(tz: ZoneInfo, day: date, hours: range) -> set[datetime]:
    """Local wall-clock starts that exist, each once (an ambiguous one in its
    standard-time reading, as PostgreSQL converts it)."""
    out = set()
    for h in hours:
        naive = datetime.combine(day, time(h, 0))
        aware = naive.replace(tzinfo=tz, fold=1)
        if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
            continue  # in the gap: does not exist
        out.add(aware.astimezone(UTC))
    return out


@pytest.mark.parametrize("zone", ["Europe/Madrid", "America/New_York"])
def test_dst_weeks_match_zoneinfo(world: World, conns: list[psycopg.Connection], zone: str) -> None:
    tz = ZoneInfo(zone)
    owner, _, [night, week] = world.add_owner_with_venue(zone, courts=2)
    conn = conns[0]
    days = transitions(tz)
    assert len(days) == 2, days
    rules_night = (
        '[{"weekday":%d,"opens":"00:00","closes":"06:00","slot_minutes":60,"price_cents":100}]'
    )
    for day in days:
        call(
            conn,
            "owner",
            owner,
            "select api.set_availability(%s, %s::json)",
            (night, rules_night % day.isoweekday()),
        )
        created = call(
            conn,
            "owner",
            owner,
            "select to_json(api.generate_slots(court_id => %s, from_date => %s, days => 1))",
            (night, day),
        )
        want = expected_starts(tz, day, range(0, 6))
        assert created["created"] == len(want)
        rows = world.sql(
            "select start_at, end_at from data.slot"
            " where court_id = %s and start_at >= %s and start_at < %s",
            (
                night,
                datetime.combine(day, time(0), tz),
                datetime.combine(day + timedelta(days=1), time(0), tz),
            ),
        )
        assert {r[0] for r in rows} == want
        assert all(r[1] - r[0] == timedelta(hours=1) for r in rows)
        # one hour is missing in spring, none is doubled in autumn
        assert len(want) in (5, 6)

    daily = ",".join(
        f'{{"weekday":{d},"opens":"08:00","closes":"22:00","slot_minutes":60,"price_cents":100}}'
        for d in range(1, 8)
    )
    call(conn, "owner", owner, "select api.set_availability(%s, %s::json)", (week, f"[{daily}]"))
    for day in days:
        start = day - timedelta(days=day.isoweekday() - 1)  # the Monday of the transition week
        created = call(
            conn,
            "owner",
            owner,
            "select to_json(api.generate_slots(court_id => %s, from_date => %s, days => 7))",
            (week, start),
        )
        assert created["created"] == 98
        want = set().union(
            *(expected_starts(tz, start + timedelta(days=i), range(8, 22)) for i in range(7))
        )
        rows = world.sql(
            "select start_at from data.slot where court_id = %s and start_at >= %s and start_at < %s",  # noqa: E501
            (
                week,
                datetime.combine(start, time(0), tz),
                datetime.combine(start + timedelta(days=7), time(0), tz),
            ),
        )
        assert {r[0] for r in rows} == want
