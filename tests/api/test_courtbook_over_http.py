"""courtbook's own API over HTTP, through pgrst, with supabase's `postgrest` client
(the shape of client the apps use) and raw httpx where status and headers matter.

The demo data gives two venues; each test acts as a real user who logged in.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from postgrest import APIError, SyncPostgrestClient

from tests.support import db
from tests.support.pgrst_server import COURTBOOK_PRE_REQUEST, pgrst_server


@pytest.fixture(scope="module")
def base_url(courtbook_db: str) -> Iterator[str]:
    subprocess.run(
        [
            "psql",
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            courtbook_db,
            "-f",
            str(db.ROOT / "deploy/local/demo-data.sql"),
        ],
        check=True,
        capture_output=True,
    )
    authenticator = courtbook_db.replace("postgres@", "authenticator@", 1)
    with pgrst_server(
        authenticator,
        schemas="api",
        anon_role="anon",
        jwt_secret=db.JWT_SECRET,
        pre_request=COURTBOOK_PRE_REQUEST,
    ) as url:
        yield url


def client(base_url: str, token: str | None = None) -> SyncPostgrestClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return SyncPostgrestClient(base_url, schema="api", headers=headers)


def login(base_url: str, email: str, password: str) -> str:
    with client(base_url) as anon:
        return str(
            anon.rpc("login", {"email": email, "password": password}).execute().data["token"]
        )


@pytest.fixture(scope="module")
def player_token(base_url: str) -> str:
    return login(base_url, "player@courtbook.test", "courtbook-player-1")


@pytest.fixture(scope="module")
def owner_token(base_url: str) -> str:
    return login(base_url, "owner@courtbook.test", "courtbook-owner-1")


def free_slots(base_url: str, count: int = 2) -> list[dict]:
    start = datetime.now(UTC) + timedelta(days=2)
    with client(base_url) as anon:
        slots = (
            anon.rpc(
                "available_slots",
                {
                    "venue_id": 1,
                    "from": start.isoformat(),
                    "to": (start + timedelta(days=1)).isoformat(),
                },
            )
            .execute()
            .data
        )
    assert len(slots) >= count
    return slots[:count]


def test_signup_login_me_round_trip(base_url: str) -> None:
    with client(base_url) as anon:
        signed = (
            anon.rpc(
                "signup",
                {"email": "http-user@example.test", "password": "goodpass1", "full_name": "H"},
            )
            .execute()
            .data
        )
        assert signed["role"] == "player"
        with pytest.raises(APIError) as taken:
            anon.rpc(
                "signup",
                {"email": "HTTP-USER@example.test", "password": "goodpass1", "full_name": "H"},
            ).execute()
        assert taken.value.code == "email_taken"
    with client(base_url, signed["token"]) as me:
        assert me.rpc("me", {}).execute().data["email"] == "http-user@example.test"


def test_error_statuses_and_bodies(base_url: str) -> None:
    wrong = httpx.post(
        f"{base_url}/rpc/login", json={"email": "player@courtbook.test", "password": "nope12345"}
    )
    assert wrong.status_code == 401
    assert wrong.json() == {
        "code": "invalid_credentials",
        "details": None,
        "hint": None,
        "message": "Wrong email or password",
    }
    anon_me = httpx.get(f"{base_url}/rpc/me")
    assert anon_me.status_code == 401 and anon_me.json()["code"] == "42501"
    forged = httpx.get(f"{base_url}/rpc/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert forged.status_code == 401 and forged.json()["code"] == "PGRST301"
    assert "invalid_token" in forged.headers["www-authenticate"]
    bad = httpx.post(
        f"{base_url}/rpc/available_slots", json={"venue_id": 1, "from": "yesterday-ish"}
    )
    assert bad.status_code == 400


def test_discovery_with_filters(base_url: str) -> None:
    with client(base_url) as anon:
        madrid = (
            anon.from_("venues")
            .select("id,name,timezone,sports")
            .eq("timezone", "Europe/Madrid")
            .execute()
        )
        assert [v["id"] for v in madrid.data] == [1] and "padel" in madrid.data[0]["sports"]
        courts = (
            anon.from_("courts")
            .select("id,sport", count="exact")
            .eq("venue_id", 2)
            .order("id")
            .execute()
        )
        assert courts.count == len(courts.data) == 3
        near = (
            anon.rpc("nearby_venues", {"lat": 40.7128, "lng": -74.006, "radius_km": 25})
            .execute()
            .data
        )
        assert [v["id"] for v in near] == [2] and near[0]["distance_km"] < 25


def test_hold_race_answer_and_bookings(base_url: str, player_token: str) -> None:
    first, second = free_slots(base_url)
    with client(base_url, player_token) as player:
        held = (
            player.rpc("hold_slots", {"slot_ids": [first["slot_id"]], "idempotency_key": "http-1"})
            .execute()
            .data
        )
        assert held["status"] == "pending" and held["amount_cents"] == first["price_cents"]
        again = (
            player.rpc("hold_slots", {"slot_ids": [first["slot_id"]], "idempotency_key": "http-1"})
            .execute()
            .data
        )
        assert again["booking_id"] == held["booking_id"]
        mine = (
            player.from_("bookings")
            .select("id,status,slots")
            .eq("id", held["booking_id"])
            .execute()
            .data
        )
        assert mine[0]["status"] == "pending" and mine[0]["slots"][0]["slot_id"] == first["slot_id"]

    owner = login(base_url, "owner@courtbook.test", "courtbook-owner-1")
    as_owner = httpx.post(
        f"{base_url}/rpc/hold_slots",
        json={"slot_ids": [second["slot_id"]]},
        headers={"Authorization": f"Bearer {owner}"},
    )
    assert as_owner.status_code == 403, "owners book with a player account"
    rival = (
        client(base_url)
        .rpc("signup", {"email": "rival@example.test", "password": "goodpass1", "full_name": "R"})
        .execute()
        .data["token"]
    )
    answer = httpx.post(
        f"{base_url}/rpc/hold_slots",
        json={"slot_ids": [second["slot_id"], first["slot_id"]]},
        headers={"Authorization": f"Bearer {rival}"},
    )
    assert answer.status_code == 409
    body = answer.json()
    assert body["code"] == "slot_unavailable" and body["details"] == str(first["slot_id"])
    # All or nothing: the free slot of that request was not kept.
    with client(base_url) as anon:
        still_free = (
            anon.rpc(
                "available_slots",
                {
                    "court_id": second["court_id"],
                    "from": second["start_at"],
                    "to": second["end_at"],
                },
            )
            .execute()
            .data
        )
    assert [s["slot_id"] for s in still_free] == [second["slot_id"]]
    with client(base_url, rival) as rival_client:
        assert rival_client.from_("bookings").select("id").execute().data == []


def test_players_and_owners_see_only_their_own(
    base_url: str, player_token: str, owner_token: str
) -> None:
    intruder = (
        client(base_url)
        .rpc(
            "signup", {"email": "intruder@example.test", "password": "goodpass1", "full_name": "I"}
        )
        .execute()
        .data["token"]
    )
    with client(base_url, player_token) as player:
        booking_id = (
            player.rpc("hold_slots", {"slot_ids": [free_slots(base_url, 3)[2]["slot_id"]]})
            .execute()
            .data["booking_id"]
        )
    with client(base_url, intruder) as other:
        assert other.from_("bookings").select("id").eq("id", booking_id).execute().data == []
        with pytest.raises(APIError) as refused:
            other.rpc("cancel_booking", {"booking_id": booking_id}).execute()
        assert refused.value.code == "forbidden"
        with pytest.raises(APIError) as not_owner:
            other.from_("venue_bookings").select("id").execute()
        assert not_owner.value.code == "42501"
    with client(base_url, owner_token) as owner:
        seen = (
            owner.from_("venue_bookings").select("id,venue_id").eq("id", booking_id).execute().data
        )
        assert seen and seen[0]["venue_id"] == 1
    rival_owner = (
        client(base_url)
        .rpc(
            "signup",
            {
                "email": "rival-owner@example.test",
                "password": "goodpass1",
                "full_name": "O",
                "role": "owner",
            },
        )
        .execute()
        .data["token"]
    )
    with client(base_url, rival_owner) as owner2:
        assert owner2.from_("venue_bookings").select("id").execute().data == []
        with pytest.raises(APIError) as not_theirs:
            owner2.rpc("owner_cancel_booking", {"booking_id": booking_id, "reason": "x"}).execute()
        assert not_theirs.value.code in ("forbidden", "not_found")
