"""Venue publication through the gateway (issue 17): an owner's new venue is
pending_review and absent from every public read until an admin publishes it;
only admins may review (PostgREST's 403 for a role without EXECUTE, 401 for
anon); a hold at an unpublished venue answers not_found 404."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from tests.support import db
from tests.support.pgrst_server import COURTBOOK_PRE_REQUEST, pgrst_server


@pytest.fixture(scope="module")
def base_url(courtbook_db: str) -> Iterator[str]:
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", courtbook_db, "-f"]
        + [str(db.ROOT / "deploy/local/demo-data.sql")],
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


def post(base_url: str, name: str, body: object, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{base_url}/rpc/{name}", json=body, headers=headers, timeout=30)


def get(base_url: str, path: str, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = httpx.get(f"{base_url}/{path}", headers=headers, timeout=30)
    assert r.status_code == 200, (path, r.text)
    return r.json()


def token(base_url: str, email: str, password: str) -> str:
    r = post(base_url, "login", {"email": email, "password": password})
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def test_a_new_venue_waits_for_review_then_everyone_finds_it(
    base_url: str, courtbook_db: str
) -> None:
    owner = token(base_url, "owner@courtbook.test", "courtbook-owner-1")
    admin = token(base_url, "admin@courtbook.test", "courtbook-admin-1")
    r = post(
        base_url,
        "signup",
        {"email": "publication@players.test", "password": "goodpass1", "full_name": "Pia"},
    )
    assert r.status_code == 200, r.text
    player = str(r.json()["token"])

    # the demo venues are published: players find them
    assert {v["name"] for v in get(base_url, "venues?select=name")} >= {"Padel Club Retiro"}

    r = post(
        base_url,
        "create_venue",
        {
            "name": "Club Pendiente",
            "address": "Calle 9",
            "city": "Madrid",
            "lat": 40.43,
            "lng": -3.68,
            "timezone": "Europe/Madrid",
        },
        owner,
    )
    assert r.status_code == 200, r.text
    created = r.json()
    assert created["review_status"] == "pending_review"
    vid = created["venue_id"]
    r = post(
        base_url, "create_court", {"venue_id": vid, "name": "Pista 1", "sport": "padel"}, owner
    )
    assert r.status_code == 200, r.text
    start = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    with psycopg.connect(courtbook_db) as conn:
        (slot_id,) = conn.execute(
            "insert into data.slot (court_id, start_at, end_at, price_cents)"
            " select c.id, %s, %s, 2000 from data.court c where c.venue_id = %s returning id",
            (start, start + timedelta(hours=1), vid),
        ).fetchone()  # type: ignore[misc]

    for who in (None, player):
        assert get(base_url, f"venues?id=eq.{vid}", who) == []
        assert get(base_url, f"courts?venue_id=eq.{vid}", who) == []
    embedded = get(base_url, f"venues?select=id,courts(id)&id=eq.{vid}", owner)
    assert embedded and embedded[0]["courts"], "the owner sees the venue and its courts, embedded"
    assert get(base_url, f"my_venues?id=eq.{vid}&select=review_status", owner) == [
        {"review_status": "pending_review"}
    ]
    r = post(base_url, "hold_slots", {"slot_ids": [slot_id]}, player)
    assert r.status_code == 404 and r.json()["code"] == "not_found", r.text

    r = post(base_url, "review_venue", {"venue_id": vid, "publish": True}, owner)
    assert r.status_code == 403, r.text
    r = post(base_url, "review_venue", {"venue_id": vid, "publish": True})
    assert r.status_code == 401, r.text
    r = post(base_url, "review_venue", {"venue_id": vid, "publish": None}, admin)
    assert r.status_code == 400 and r.json()["code"] == "invalid_input", r.text

    r = post(base_url, "review_venue", {"venue_id": vid, "publish": True}, admin)
    assert r.status_code == 200, r.text
    assert r.json() == {"venue_id": vid, "review_status": "published"}
    assert [v["id"] for v in get(base_url, f"venues?id=eq.{vid}")] == [vid]
    r = post(base_url, "hold_slots", {"slot_ids": [slot_id]}, player)
    assert r.status_code == 200, r.text
