"""Resource embedding through courtbook's api views, as PostgREST infers it from the views'
base tables' foreign keys (data.court.venue_id, data.booking.venue_id), with supabase's
client as the apps send it."""

from __future__ import annotations

from tests.api.test_courtbook_over_http import (  # noqa: F401 - fixtures
    base_url,
    client,
    free_slots,
    player_token,
)


def test_venues_with_their_courts(base_url: str) -> None:  # noqa: F811
    with client(base_url) as anon:
        venues = anon.from_("venues").select("id,name,courts(id,name,sport)").order("id").execute()
        courts = anon.from_("courts").select("id,venue_id,name,sport").order("id").execute()
    assert venues.data and all(isinstance(v["courts"], list) for v in venues.data)
    for venue in venues.data:
        expected = [
            {"id": c["id"], "name": c["name"], "sport": c["sport"]}
            for c in courts.data
            if c["venue_id"] == venue["id"]
        ]
        assert sorted(venue["courts"], key=lambda c: c["id"]) == expected


def test_embedded_filter_and_inner(base_url: str) -> None:  # noqa: F811
    with client(base_url) as anon:
        rows = (
            anon.from_("venues")
            .select("id,courts!inner(id,sport)")
            .eq("courts.sport", "football")
            .execute()
            .data
        )
    assert rows, "the demo data has a football court"
    assert all(c["sport"] == "football" for v in rows for c in v["courts"])
    assert all(v["courts"] for v in rows)


def test_bookings_with_their_venue(base_url: str, player_token: str) -> None:  # noqa: F811
    (slot,) = free_slots(base_url, 1)
    with client(base_url, player_token) as player:
        held = player.rpc("hold_slots", {"slot_ids": [slot["slot_id"]]}).execute().data
        rows = (
            player.from_("bookings")
            .select("id,venue:venues(name)")
            .eq("id", held["booking_id"])
            .execute()
            .data
        )
        venue = player.from_("venues").select("name").eq("id", 1).single().execute().data
    assert rows == [{"id": held["booking_id"], "venue": {"name": venue["name"]}}]
