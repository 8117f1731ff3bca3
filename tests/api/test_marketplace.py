"""The marketplace screen over HTTP (issue 17), through the gateway with supabase's
client as the apps send it: search_slots by POST and by GET, the upcoming bookings by
starts_at with their venue and courts, and hostile input that must end in a stable
error code (never a 500)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from postgrest import APIError

from tests.api.test_courtbook_over_http import (  # noqa: F401 - fixtures
    base_url,
    client,
    player_token,
)

# The demo data's Madrid venue (Padel Club Retiro, id 1) is at 40.4200, -3.6840.
MADRID = {"lat": 40.4167, "lng": -3.7033}
COLUMNS = {
    "slot_id",
    "court_id",
    "court_name",
    "venue_id",
    "venue_name",
    "distance_km",
    "sport",
    "indoor",
    "start_at",
    "end_at",
    "price_cents",
    "currency",
}


def window(hours: int = 12) -> dict[str, str]:
    """Next week's Tuesday from 08:00 Madrid time: off-peak and peak prices, every
    court open (the demo data generates 15 days of slots)."""
    today = date.today()
    tuesday = today + timedelta(days=7 + (1 - today.weekday()) % 7)
    start = datetime.combine(tuesday, time(8), ZoneInfo("Europe/Madrid")).astimezone(UTC)
    return {"from": start.isoformat(), "to": (start + timedelta(hours=hours)).isoformat()}


def order_key(row: dict) -> tuple:
    return (datetime.fromisoformat(row["start_at"]), row["distance_km"], row["slot_id"])


def test_search_by_post_and_get_answer_the_same_ordered_rows(base_url: str) -> None:  # noqa: F811
    args = {**MADRID, "radius_km": 5, **window(), "sport": "padel"}
    with client(base_url) as anon:
        posted = anon.rpc("search_slots", args).execute().data
        got = anon.rpc("search_slots", args, get=True).execute().data
    assert posted, "the demo venue has padel slots in two days' window"
    assert got == posted
    assert all(set(r) == COLUMNS for r in posted)
    assert {(r["venue_id"], r["venue_name"], r["sport"]) for r in posted} == {
        (1, "Padel Club Retiro", "padel")
    }
    assert posted == sorted(posted, key=order_key)
    assert 1.6 < posted[0]["distance_km"] < 1.8
    # The window bounds start_at; every slot is one a hold would get.
    assert all(args["from"] <= r["start_at"] < args["to"] for r in _utc(posted))


def _utc(rows: list[dict]) -> list[dict]:
    return [
        {
            **r,
            "start_at": datetime.fromisoformat(r["start_at"]).astimezone(UTC).isoformat(),
        }
        for r in rows
    ]


def test_filters_limit_and_result_filters(base_url: str) -> None:  # noqa: F811
    args = {**MADRID, "radius_km": 5, **window()}
    with client(base_url) as anon:
        everything = anon.rpc("search_slots", args).execute().data
        indoor = anon.rpc("search_slots", {**args, "indoor": True}).execute().data
        cheap = anon.rpc("search_slots", {**args, "max_price_cents": 1800}).execute().data
        two = anon.rpc("search_slots", {**args, "limit": 2}).execute().data
        # PostgREST's own filters and ordering apply to the function's rows.
        tennis = anon.rpc("search_slots", args).eq("sport", "tennis").execute().data
        dearest = (
            anon.rpc("search_slots", args)
            .select("slot_id,price_cents")
            .order("price_cents", desc=True)
            .limit(1)
            .execute()
            .data
        )
    assert {r["sport"] for r in everything} == {"padel", "tennis"}
    assert indoor and all(r["indoor"] for r in indoor)
    assert cheap and all(r["price_cents"] <= 1800 for r in cheap)
    assert two == everything[:2]
    assert tennis == [r for r in everything if r["sport"] == "tennis"]
    assert dearest == [
        {"slot_id": dearest[0]["slot_id"], "price_cents": max(r["price_cents"] for r in everything)}
    ]
    with client(base_url) as anon:
        far = anon.rpc("search_slots", {"lat": 40.7128, "lng": -74.0060, **window()}).execute()
    assert {r["venue_id"] for r in far.data} == {2}, "New York finds the New York venue only"


def test_a_held_slot_leaves_the_search_and_bookings_list_upcoming_ones(
    base_url: str,  # noqa: F811
    player_token: str,  # noqa: F811
) -> None:
    args = {**MADRID, "radius_km": 5, **window(), "sport": "padel"}
    with client(base_url) as anon:
        first = anon.rpc("search_slots", args).execute().data[0]
    before = datetime.now(UTC)
    with client(base_url, player_token) as player:
        held = player.rpc("hold_slots", {"slot_ids": [first["slot_id"]]}).execute().data
        upcoming = (
            player.from_("bookings")
            .select("id,status,starts_at,ends_at,venue_name,court_names,free_cancellation_until")
            .gte("starts_at", before.isoformat())
            .order("starts_at")
            .execute()
            .data
        )
    with client(base_url) as anon:
        after = anon.rpc("search_slots", args).execute().data
    assert first["slot_id"] not in {r["slot_id"] for r in after}
    mine = next(b for b in upcoming if b["id"] == held["booking_id"])
    assert mine["status"] == "pending"
    assert datetime.fromisoformat(mine["starts_at"]) == datetime.fromisoformat(first["start_at"])
    assert datetime.fromisoformat(mine["ends_at"]) == datetime.fromisoformat(first["end_at"])
    assert mine["venue_name"] == first["venue_name"] and mine["court_names"] == [
        first["court_name"]
    ]
    assert datetime.fromisoformat(held["free_cancellation_until"]) == datetime.fromisoformat(
        mine["free_cancellation_until"]
    )
    assert [b["starts_at"] for b in upcoming] == sorted(b["starts_at"] for b in upcoming), (
        "ordered by starts_at"
    )
    with client(base_url, player_token) as player:
        past = player.from_("bookings").select("id").lt("starts_at", before.isoformat()).execute()
        player.rpc("release_hold", {"booking_id": held["booking_id"]}).execute()
    assert held["booking_id"] not in {b["id"] for b in past.data}


BAD_ARGS: list[tuple[str, dict]] = [
    ("a radius over 50 km", {**MADRID, "radius_km": 51}),
    ("a radius of zero", {**MADRID, "radius_km": 0}),
    ("a window over 24 hours", {**MADRID, **window(25)}),
    ("a reversed window", {**MADRID, "from": window()["to"], "to": window()["from"]}),
    ("no window", {**MADRID}),
    ("an unknown sport", {**MADRID, "sport": "golf"}),
    ("an injection as the sport", {**MADRID, "sport": "padel' or '1'='1"}),
    ("no lat", {"lng": -3.7}),
    ("lat out of range", {"lat": 91, "lng": -3.7}),
    ("lat NaN", {"lat": "NaN", "lng": -3.7}),
    ("lng Infinity", {"lat": 40.4, "lng": "Infinity"}),
    ("limit over 500", {**MADRID, "limit": 501}),
    ("limit zero", {**MADRID, "limit": 0}),
    ("a negative price", {**MADRID, "max_price_cents": -1}),
]


@pytest.mark.parametrize(("why", "args"), BAD_ARGS, ids=[w for w, _ in BAD_ARGS])
def test_bad_arguments_are_invalid_input(base_url: str, why: str, args: dict) -> None:  # noqa: F811
    full = {**window(), **args} if "from" not in args and why != "no window" else args
    with client(base_url) as anon, pytest.raises(APIError) as err:
        anon.rpc("search_slots", full).execute()
    assert err.value.code == "invalid_input", (why, err.value)
    reply = httpx.post(f"{base_url}/rpc/search_slots", json=full)
    assert reply.status_code == 400 and reply.json()["code"] == "invalid_input", why


def test_hostile_requests_get_stable_errors_never_500(base_url: str) -> None:  # noqa: F811
    w = window()
    good = {**{k: str(v) for k, v in MADRID.items()}, **w}
    cases: list[tuple[str, dict[str, str], int, str | None]] = [
        # Arguments PostgreSQL cannot read as their type: PostgREST's 400 (22P02/22007/22008).
        ("a word as lat", {**good, "lat": "north"}, 400, "22P02"),
        ("a word as from", {**good, "from": "tomorrow-ish"}, 400, "22007"),
        ("a huge year", {**good, "to": "99999999-01-01T00:00:00Z"}, 400, None),
        ("a word as indoor", {**good, "indoor": "maybe"}, 400, "22P02"),
        (
            "an SQL fragment as radius",
            {**good, "radius_km": "1;drop table data.slot"},
            400,
            "22P02",
        ),
        # Filters on the result: parameters, never SQL.
        ("an injection in a filter", {**good, "venue_name": "eq.x' or '1'='1"}, 200, None),
        ("a filter on no column", {**good, "nope": "eq.1"}, 400, None),
        ("an injection in order", {**good, "order": "start_at;drop table data.slot"}, 400, None),
        # PostgREST's own answer for a name no argument has: 404 PGRST202.
        ("an unknown argument", {**good, "radius": "5"}, 404, "PGRST202"),
    ]
    for why, params, status, code in cases:
        reply = httpx.get(f"{base_url}/rpc/search_slots", params=params)
        body = reply.json()
        assert reply.status_code == status, (why, reply.status_code, reply.text)
        if status == 200:
            assert body == [], why
            continue
        assert set(body) == {"code", "details", "hint", "message"}, why
        if code:
            assert body["code"] == code, (why, body)
    with client(base_url) as anon:
        assert anon.rpc("search_slots", {**MADRID, **w}).execute().data, "the data is still there"
