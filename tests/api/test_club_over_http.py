"""Running a club over HTTP (issue 20), through the gateway: an owner invites a
desk member, who sets a password with the emailed code, logs in and works the
desk of that venue only (walk-ins, series with a conflict, check-in windows);
removed, they can do nothing more. Every hostile body to the club RPCs gets a
stable 4xx code, never a 5xx."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
import pytest

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


def rpc(base_url: str, name: str, body: object, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{base_url}/rpc/{name}", json=body, headers=headers, timeout=30)


def get(base_url: str, path: str, token: str, params: dict | None = None) -> httpx.Response:
    return httpx.get(
        f"{base_url}/{path}",
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def login(base_url: str, email: str, password: str) -> str:
    r = rpc(base_url, "login", {"email": email, "password": password})
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


@pytest.fixture(scope="module")
def owner(base_url: str) -> str:
    return login(base_url, "owner@courtbook.test", "courtbook-owner-1")


@pytest.fixture(scope="module")
def player(base_url: str) -> str:
    return login(base_url, "player@courtbook.test", "courtbook-player-1")


@pytest.fixture(scope="module")
def desk(base_url: str, owner: str, courtbook_db: str) -> str:
    """A new desk member of venue 1 (bookings), password set with the invitation's code."""
    r = rpc(
        base_url,
        "invite_staff",
        {
            "venue_id": 1,
            "email": "Desk@Club.test",
            "permissions": ["bookings"],
            "full_name": "Dana",
        },
        owner,
    )
    assert r.status_code == 200, r.text
    assert r.json()["ok"] is True and r.json()["account_created"] is True
    with psycopg.connect(courtbook_db) as conn:
        [(code,)] = conn.execute(
            "select n.payload ->> 'code' from data.notification n join data.app_user u "
            "on u.id = n.user_id where u.email = 'desk@club.test' and n.kind = 'staff_invited'"
        ).fetchall()
    bad = rpc(base_url, "login", {"email": "desk@club.test", "password": "Desk-pass-2026"})
    assert bad.status_code == 401  # no password before the code is used
    done = rpc(
        base_url,
        "reset_password",
        {"email": "desk@club.test", "code": code, "new_password": "Desk-pass-2026"},
    )
    assert done.status_code == 200, done.text
    return login(base_url, "desk@club.test", "Desk-pass-2026")


def free_slots(base_url: str, venue_id: int, days: float = 2) -> list[dict]:
    start = datetime.now(UTC) + timedelta(days=days)
    r = httpx.get(
        f"{base_url}/rpc/available_slots",
        params={
            "venue_id": venue_id,
            "from": start.isoformat(),
            "to": (start + timedelta(days=1)).isoformat(),
        },
    )
    assert r.status_code == 200, r.text
    return list(r.json())


def test_desk_member_works_their_venue_only(base_url: str, desk: str, owner: str) -> None:
    mine = get(base_url, "venue_staff", desk).json()
    assert [(s["venue_id"], s["permissions"]) for s in mine] == [(1, ["bookings"])]
    assert get(base_url, "my_venues", desk).json() == []  # no Stripe settings, no commission
    [slot] = free_slots(base_url, 1)[:1]
    booked = rpc(
        base_url, "owner_book", {"slot_ids": [slot["slot_id"]], "customer_name": "Walk In"}, desk
    )
    assert booked.status_code == 200, booked.text
    assert (booked.json()["status"], booked.json()["payment_status"]) == ("confirmed", "at_venue")
    [other] = free_slots(base_url, 2)[:1]
    refused = rpc(
        base_url, "owner_book", {"slot_ids": [other["slot_id"]], "customer_name": "X"}, desk
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    sched = rpc(base_url, "generate_slots", {"venue_id": 1, "days": 7}, desk)
    assert (sched.status_code, sched.json()["code"]) == (403, "forbidden")
    report = httpx.get(
        f"{base_url}/rpc/venue_report",
        params={"venue_id": 1, "from": "2020-01-01T00:00:00Z", "to": "2020-02-01T00:00:00Z"},
        headers={"Authorization": f"Bearer {desk}"},
    )
    assert (report.status_code, report.json()["code"]) == (403, "forbidden")
    rows = get(base_url, "venue_bookings", desk, {"select": "id,venue_id,payment_status"}).json()
    assert rows and {r["venue_id"] for r in rows} == {1}
    # too early to check in, too early for a no-show: 400 with a stable code
    early = rpc(base_url, "check_in", {"booking_id": booked.json()["booking_id"]}, desk)
    assert (early.status_code, early.json()["code"]) == (400, "invalid_input")
    assert "/" in early.json()["details"]
    ns = rpc(base_url, "mark_no_show", {"booking_id": booked.json()["booking_id"]}, desk)
    assert (ns.status_code, ns.json()["code"]) == (400, "invalid_input")
    # the owner's report counts the walk-in apart, never as Stripe money
    starts = datetime.fromisoformat(slot["start_at"])
    rep = httpx.get(
        f"{base_url}/rpc/venue_report",
        params={
            "venue_id": 1,
            "from": (starts - timedelta(minutes=1)).isoformat(),
            "to": (starts + timedelta(minutes=1)).isoformat(),
        },
        headers={"Authorization": f"Bearer {owner}"},
    ).json()
    assert (rep["at_venue_bookings"], rep["at_venue_cents"], rep["gross_cents"]) == (
        1,
        booked.json()["amount_cents"],
        0,
    )


def test_series_with_a_conflict_over_http(base_url: str, desk: str, player: str) -> None:
    slot = free_slots(base_url, 1, days=3)[0]
    first = slot["start_at"]
    preview = httpx.get(
        f"{base_url}/rpc/preview_series",
        params={"court_id": slot["court_id"], "first_start": first, "weeks": 2},
        headers={"Authorization": f"Bearer {desk}"},
    )
    assert preview.status_code == 200, preview.text
    occ = preview.json()["occurrences"]
    assert [o["status"] for o in occ] == ["free", "free"]
    week2 = occ[1]["slot_ids"]
    held = rpc(base_url, "hold_slots", {"slot_ids": week2}, player)
    assert held.status_code == 200, held.text
    args = {
        "court_id": slot["court_id"],
        "first_start": first,
        "weeks": 2,
        "customer_name": "League",
    }
    fail = rpc(base_url, "book_series", args, desk)
    assert (fail.status_code, fail.json()["code"]) == (409, "slot_unavailable")
    assert fail.json()["details"] == ",".join(str(i) for i in week2)
    skip = rpc(base_url, "book_series", {**args, "on_conflict": "skip"}, desk)
    assert skip.status_code == 200, skip.text
    assert len(skip.json()["booked"]) == 1 and len(skip.json()["skipped"]) == 1
    gone = rpc(base_url, "cancel_series", {"series_id": skip.json()["series_id"]}, desk)
    assert gone.json() == {"series_id": skip.json()["series_id"], "cancelled": 1}
    rpc(base_url, "release_hold", {"booking_id": held.json()["booking_id"]}, player)


HOSTILE: list[tuple[str, object]] = [
    ("invite_staff", {"venue_id": "one", "email": "a@b.c", "permissions": ["bookings"]}),
    ("invite_staff", {"venue_id": 1, "email": "a@b.c", "permissions": "bookings"}),
    ("invite_staff", {"venue_id": 1, "email": {"x": 1}, "permissions": ["bookings"]}),
    ("invite_staff", {"venue_id": 1, "email": "a@b.c", "permissions": [None]}),
    ("invite_staff", {"venue_id": 1, "email": "a@b.c", "permissions": ["root"]}),
    (
        "invite_staff",
        {"venue_id": 99999999999999999999, "email": "a@b.c", "permissions": ["bookings"]},
    ),
    ("invite_staff", {"venue_id": 1, "email": "x" * 100000 + "@b.c", "permissions": ["bookings"]}),
    ("remove_staff", {"venue_id": 1, "user_id": "not-a-uuid"}),
    ("remove_staff", {"venue_id": 1}),
    ("check_in", {"booking_id": "1; drop table data.booking"}),
    ("check_in", {"booking_id": -1}),
    ("check_in", {}),
    ("mark_no_show", {"booking_id": 1.5}),
    ("undo_no_show", {"booking_id": None}),
    ("set_no_show_rules", {"venue_id": 1, "no_show_limit": -3}),
    ("set_no_show_rules", {"venue_id": 1, "no_show_limit": 3, "no_show_suspension_days": 10**12}),
    ("preview_series", {"court_id": 1, "first_start": "tomorrow at ten", "weeks": 4}),
    ("preview_series", {"court_id": 1, "first_start": "infinity", "weeks": 4}),
    ("preview_series", {"court_id": 1, "first_start": "2030-01-01T10:00:00Z", "weeks": 10**10}),
    (
        "preview_series",
        {"court_id": 1, "first_start": "2030-01-01T10:00:00Z", "weeks": 4, "minutes": 0},
    ),
    (
        "book_series",
        {
            "court_id": 1,
            "first_start": "2030-01-01T10:00:00Z",
            "weeks": 4,
            "customer_name": "x",
            "on_conflict": "overwrite",
        },
    ),
    ("book_series", {"court_id": 1, "first_start": "-infinity", "weeks": 2, "customer_name": "x"}),
    (
        "book_series",
        {
            "court_id": 1,
            "first_start": "2030-01-01T10:00:00Z",
            "weeks": 2,
            "customer_name": "\u0000",
        },
    ),
    ("cancel_series", {"series_id": "all"}),
    ("cancel_series", {"series_id": 1, "from_start": "soon"}),
    ("owner_book", {"slot_ids": "1,2", "customer_name": "x"}),
]


@pytest.mark.parametrize(("name", "body"), HOSTILE)
def test_hostile_input_gets_a_stable_4xx(
    base_url: str, owner: str, name: str, body: object
) -> None:
    r = rpc(base_url, name, body, owner)
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    assert isinstance(r.json().get("code"), str) and r.json()["code"]


CALLS: dict[str, dict] = {
    "invite_staff": {"venue_id": 1, "email": "a@b.test", "permissions": ["bookings"]},
    "remove_staff": {"venue_id": 1, "user_id": "00000000-0000-0000-0000-000000000000"},
    "check_in": {"booking_id": 1},
    "mark_no_show": {"booking_id": 1},
    "undo_no_show": {"booking_id": 1},
    "set_no_show_rules": {"venue_id": 1, "no_show_limit": 3},
    "preview_series": {"court_id": 1, "first_start": "2030-01-01T10:00:00Z", "weeks": 2},
    "book_series": {
        "court_id": 1,
        "first_start": "2030-01-01T10:00:00Z",
        "weeks": 2,
        "customer_name": "x",
    },
    "cancel_series": {"series_id": 1},
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_club_rpcs_refuse_anonymous_and_players(base_url: str, player: str, name: str) -> None:
    """PostgREST's privilege answer: 401 without a login, 403 for a player (42501)."""
    anon = rpc(base_url, name, CALLS[name])
    assert (anon.status_code, anon.json()["code"]) == (401, "42501"), anon.text
    r = rpc(base_url, name, CALLS[name], player)
    assert (r.status_code, r.json()["code"]) == (403, "42501"), r.text


def test_removed_staff_can_do_nothing_more(base_url: str, desk: str, owner: str) -> None:
    [me] = get(base_url, "venue_staff", desk).json()
    r = rpc(base_url, "remove_staff", {"venue_id": 1, "user_id": me["user_id"]}, owner)
    assert r.json() == {"ok": True}
    [slot] = free_slots(base_url, 1, days=4)[:1]
    refused = rpc(
        base_url, "owner_book", {"slot_ids": [slot["slot_id"]], "customer_name": "X"}, desk
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert get(base_url, "venue_bookings", desk).json() == []
    assert get(base_url, "venue_staff", desk).json() == []
