"""The api functions that answer named types (issue 13) answer, through the gateway,
the same single JSON object the contract names: exactly its fields, an object and
not an array (PostgREST's rule for a function returning one composite)."""

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


def rpc(base_url: str, name: str, body: object, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = httpx.post(f"{base_url}/rpc/{name}", json=body, headers=headers, timeout=30)
    assert r.status_code == 200, (name, r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def login(base_url: str, email: str, password: str) -> str:
    return str(rpc(base_url, "login", {"email": email, "password": password})["token"])


def test_every_named_answer_is_the_contract_object(base_url: str, courtbook_db: str) -> None:
    owner = login(base_url, "owner@courtbook.test", "courtbook-owner-1")
    admin = login(base_url, "admin@courtbook.test", "courtbook-admin-1")

    new = rpc(
        base_url,
        "signup",
        {"email": "named@answers.test", "password": "goodpass1", "full_name": "Named"},
    )
    assert set(new) == {"user_id", "role", "token", "expires_at", "refresh_token"}
    assert new["role"] == "player" and new["token"].startswith("eyJ")
    player = new["token"]

    court = rpc(
        base_url,
        "create_court",
        {"venue_id": 1, "name": "Named answers", "sport": "padel"},
        owner,
    )
    assert set(court) == {"court_id"} and isinstance(court["court_id"], int)
    court_id = court["court_id"]
    assert rpc(base_url, "update_court", {"court_id": court_id, "surface": "glass"}, owner) == {
        "court_id": court_id
    }
    rules = [
        {"weekday": d, "opens": "08:00", "closes": "12:00", "slot_minutes": 60, "price_cents": 900}
        for d in range(1, 8)
    ]
    assert rpc(base_url, "set_availability", {"court_id": court_id, "rules": rules}, owner) == {
        "rules": 7
    }
    created = rpc(base_url, "generate_slots", {"court_id": court_id, "days": 4}, owner)
    assert set(created) == {"created"} and created["created"] >= 12
    with psycopg.connect(courtbook_db) as conn:
        slots = conn.execute(
            "select id, start_at, end_at from data.slot where court_id = %s"
            " and start_at > now() + interval '2 hours' order by start_at limit 3",
            (court_id,),
        ).fetchall()
    (s1, start1, end1), (s2, _, _), (s3, _, _) = slots

    assert rpc(base_url, "block_slots", {"slot_ids": [s1], "reason": "named"}, owner) == {
        "blocked": 1,
        "skipped": [],
    }
    # a slot blocked: the window has nothing free, so a player may wait for it
    wait = rpc(
        base_url,
        "join_waitlist",
        {"court_id": court_id, "from": start1.isoformat(), "to": end1.isoformat()},
        player,
    )
    assert set(wait) == {"waitlist_id", "position"} and wait["position"] == 1
    assert rpc(base_url, "leave_waitlist", {"waitlist_id": wait["waitlist_id"]}, player) == {
        "ok": True
    }
    assert rpc(base_url, "unblock_slots", {"slot_ids": [s1]}, owner) == {"unblocked": 1}

    held = rpc(base_url, "hold_slots", {"slot_ids": [s2]}, player)
    assert rpc(base_url, "cancel_booking", {"booking_id": held["booking_id"]}, player) == {
        "booking_id": held["booking_id"],
        "status": "cancelled",
        "refund_cents": 0,
    }
    held = rpc(base_url, "hold_slots", {"slot_ids": [s3]}, player)
    assert rpc(
        base_url, "owner_cancel_booking", {"booking_id": held["booking_id"], "reason": "x"}, owner
    ) == {"booking_id": held["booking_id"], "status": "cancelled", "refund_cents": 0}

    now = datetime.now(UTC)
    report = rpc(
        base_url,
        "venue_report",
        {"venue_id": 1, "from": now.isoformat(), "to": (now + timedelta(days=7)).isoformat()},
        owner,
    )
    assert set(report) == {
        "venue_id",
        "currency",
        "from",
        "to",
        "bookings",
        "gross_cents",
        "fee_cents",
        "net_cents",
        "refunded_cents",
        "at_venue_bookings",
        "at_venue_cents",
        "disputes",
        "disputed_cents",
        "dispute_lost_cents",
        "occupancy",
    }
    assert report["venue_id"] == 1 and isinstance(report["gross_cents"], int)

    assert rpc(base_url, "set_commission", {"venue_id": 1, "commission_bps": 750}, admin) == {
        "venue_id": 1,
        "commission_bps": 750,
        "effective_commission_bps": 750,
    }
    back = rpc(base_url, "set_commission", {"venue_id": 1, "commission_bps": None}, admin)
    assert back["commission_bps"] is None and set(back) == {
        "venue_id",
        "commission_bps",
        "effective_commission_bps",
    }

    fcm = "named-answers:APA91b" + "Xy_-9" * 30
    assert rpc(base_url, "register_device", {"token": fcm, "platform": "android"}, player) == {
        "ok": True
    }


def test_a_named_answer_is_one_object_for_the_singular_accept(base_url: str) -> None:
    owner = login(base_url, "owner@courtbook.test", "courtbook-owner-1")
    r = httpx.post(
        f"{base_url}/rpc/generate_slots",
        json={"venue_id": 1, "days": 1},
        headers={
            "Authorization": f"Bearer {owner}",
            "Accept": "application/vnd.pgrst.object+json",
        },
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"created"}


def test_split_payment_answers_are_the_contract_objects(base_url: str, courtbook_db: str) -> None:
    def signup(email: str) -> str:
        body = {"email": email, "password": "goodpass1", "full_name": "Split"}
        return str(rpc(base_url, "signup", body)["token"])

    organizer, friend, stranger = (signup(f"{n}@split.answers.test") for n in ("o", "f", "s"))
    with psycopg.connect(courtbook_db) as conn:
        [(slot,)] = conn.execute(
            "select s.id from data.slot s join data.court c on c.id = s.court_id"
            " where c.venue_id = 1 and s.status = 'available'"
            " and s.start_at > now() + interval '3 days'"
            " order by s.start_at, s.id limit 1"
        ).fetchall()
    booking = rpc(base_url, "hold_slots", {"slot_ids": [slot]}, organizer)["booking_id"]

    split = rpc(base_url, "split_booking", {"booking_id": booking, "shares": 3}, organizer)
    assert set(split) == {
        "booking_id",
        "shares",
        "share_cents",
        "organizer_share_cents",
        "invite_code",
        "pay_by",
    }
    assert split["booking_id"] == booking and split["shares"] == 3
    match = rpc(base_url, "open_match", {"booking_id": booking}, organizer)
    assert set(match) == {
        "match_id",
        "booking_id",
        "level_min",
        "level_max",
        "cancel_if_not_full",
        "seats_free",
    }
    assert match["seats_free"] == 2 and match["level_min"] is None

    share_keys = {"booking_id", "share_id", "share_number", "share_cents", "currency", "pay_by"}
    joined = rpc(base_url, "join_booking", {"invite_code": split["invite_code"]}, friend)
    assert set(joined) == share_keys | {"status"} and joined["status"] == "taken"
    seat = rpc(base_url, "join_match", {"match_id": match["match_id"]}, stranger)
    assert set(seat) == share_keys | {"status", "match_id"}
    assert seat["match_id"] == match["match_id"] and seat["share_number"] == 3
    assert rpc(base_url, "leave_booking", {"booking_id": booking}, friend) == {
        "ok": True,
        "booking_id": booking,
        "refund_cents": 0,
    }


def test_venue_hold_and_release_answers_are_the_contract_objects(
    base_url: str, courtbook_db: str
) -> None:
    owner = login(base_url, "owner@courtbook.test", "courtbook-owner-1")
    created = rpc(
        base_url,
        "create_venue",
        {
            "name": "Named Venue",
            "address": "Calle 13",
            "city": "Madrid",
            "lat": 40.41,
            "lng": -3.7,
            "timezone": "Europe/Madrid",
        },
        owner,
    )
    assert set(created) == {"venue_id", "review_status"}
    assert isinstance(created["venue_id"], int) and created["review_status"] == "pending_review"
    assert rpc(
        base_url, "update_venue", {"venue_id": created["venue_id"], "city": "Madrid"}, owner
    ) == {"venue_id": created["venue_id"]}

    player = login(base_url, "player@courtbook.test", "courtbook-player-1")
    with psycopg.connect(courtbook_db) as conn:
        [(slot,)] = conn.execute(
            "select s.id from data.slot s join data.court c on c.id = s.court_id"
            " where c.venue_id = 1 and s.status = 'available'"
            " and s.start_at > now() + interval '4 days'"
            " order by s.start_at, s.id limit 1"
        ).fetchall()
    body = {"slot_ids": [slot], "idempotency_key": "named-answers-hold"}
    held = rpc(base_url, "hold_slots", body, player)
    assert set(held) == {
        "booking_id",
        "status",
        "held_until",
        "amount_cents",
        "currency",
        "slot_ids",
        "free_cancellation_until",
    }
    assert isinstance(held["booking_id"], int) and held["status"] == "pending"
    assert isinstance(held["amount_cents"], int) and held["slot_ids"] == [slot]
    assert datetime.fromisoformat(held["held_until"]) > datetime.now(UTC)
    listed = httpx.get(
        f"{base_url}/bookings",
        params={"id": f"eq.{held['booking_id']}", "select": "free_cancellation_until"},
        headers={"Authorization": f"Bearer {player}"},
        timeout=30,
    ).json()
    assert held["free_cancellation_until"] is not None
    assert listed == [{"free_cancellation_until": held["free_cancellation_until"]}]
    # a replayed key answers the same object, field for field
    assert rpc(base_url, "hold_slots", body, player) == held
    released = {"booking_id": held["booking_id"], "status": "cancelled"}
    assert rpc(base_url, "release_hold", {"booking_id": held["booking_id"]}, player) == released
    # releasing again is a harmless retry, with the same answer
    assert rpc(base_url, "release_hold", {"booking_id": held["booking_id"]}, player) == released
