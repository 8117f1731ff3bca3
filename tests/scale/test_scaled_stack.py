"""courtbook beyond one machine (issue 23), run here: every service through PgBouncer in
transaction mode, a streaming replica behind nginx's read upstream (tests/support/scaled.py,
tests/support/stack.py), as deploy/compose.scale.yml routes them.

- every service's database sessions are PgBouncer's server connections; the read gateway's
  are on the replica, which streams;
- the player's journey (demo/journey.py: its reads of venues and slots go to the replica),
  money to the cent, the refund once, Stripe's redeliveries applied once;
- 200 racers for one slot through the gateway and PgBouncer: exactly one hold;
- a replica that lags (replay paused) shows a taken slot as free, and the hold on it still
  answers slot_unavailable (holds go to the primary);
- the replica down: reads fall back to the primary (nginx's `backup`), none fails.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from tests.conftest import make_token
from tests.support.money import assert_money_matches
from tests.support.scaled import POOLED_ROLES, WORKER_ALIAS, Scaled, scaled_database
from tests.support.stack import WEBHOOK_SECRET, Stack, courtbook_stack
from tests.webhook import helpers as h

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scaled(courtbook_db: str) -> Iterator[Scaled]:
    with scaled_database(courtbook_db) as s:
        yield s


@pytest.fixture(scope="module")
def stack(courtbook_db: str, scaled: Scaled) -> Iterator[Stack]:
    with courtbook_stack(
        courtbook_db,
        pooler_url=scaled.pooler_url,
        worker_pooler_url=scaled.worker_pooler_url,
        read_replica_url=scaled.replica_url,
        workers=2,
    ) as s:
        yield s


def rows(url: str, sql: str, *params: object) -> list[dict[str, Any]]:
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


def client(stack: Stack) -> httpx.Client:
    return httpx.Client(base_url=stack.base, verify=str(stack.cacert), timeout=30)


def player_token(db_url: str) -> tuple[uuid.UUID, str]:
    player = h.create_user(db_url, "player")
    return player, make_token("player", sub=str(player))


def slot_window(db_url: str, slot_id: int) -> dict[str, str]:
    [slot] = rows(db_url, "select court_id, start_at, end_at from data.slot where id = %s", slot_id)
    return {
        "court_id": str(slot["court_id"]),
        "from": (slot["start_at"] - timedelta(hours=1)).isoformat(),
        "to": (slot["end_at"] + timedelta(hours=1)).isoformat(),
    }


def shown_free(http: httpx.Client, token: str, window: dict[str, str]) -> set[int]:
    r = http.get(
        "/api/rpc/available_slots", params=window, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200, r.text
    return {s["slot_id"] for s in r.json()}


def hold(http: httpx.Client, token: str, slot_id: int) -> httpx.Response:
    return http.post(
        "/api/rpc/hold_slots",
        json={"slot_ids": [slot_id]},
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture(scope="module")
def journey(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """demo/journey.py through the scaled stack (sign-up, venues and slots read from the
    replica, hold, pay, confirmation by webhook, cancel, refund by a worker)."""
    summary_path = tmp_path_factory.mktemp("journey") / "summary.json"
    proc = subprocess.run(
        [
            sys.executable, "-m", "demo.journey",
            "--base", stack.base, "--stripe", stack.stripe.api_base,
            "--cacert", str(stack.cacert), "--stripe-key", stack.stripe.secret_key,
            "--summary-json", str(summary_path),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}\n{stack.logs()}"
    summary = json.loads(summary_path.read_text())
    assert summary["ok"] and all(step["ok"] for step in summary["steps"]), summary
    return summary


def test_the_journey_passes_with_money_to_the_cent(stack: Stack, journey: dict[str, Any]) -> None:
    booking_id, amount = journey["booking_id"], journey["amount_cents"]
    assert journey["refund_cents"] == amount > 0
    [booking] = rows(
        stack.db_url, "select status::text from data.booking where id = %s", booking_id
    )
    assert booking["status"] == "cancelled"
    refunds = rows(
        stack.db_url,
        "select amount_cents from data.refund where booking_id = %s and status = 'succeeded'",
        booking_id,
    )
    assert [r["amount_cents"] for r in refunds] == [amount], "refunded exactly once"
    assert assert_money_matches(stack.stripe, stack.db_url, booking_id) == 0


def test_stripe_redeliveries_through_the_pooler_are_applied_once(
    stack: Stack, journey: dict[str, Any]
) -> None:
    """Every event the journey's booking got, delivered again 3 times at once: duplicates."""
    booking_id = journey["booking_id"]
    events = rows(
        stack.db_url,
        "select e.payload from data.stripe_event e join data.payment p"
        " on e.object_id = p.stripe_payment_intent_id where p.booking_id = %s",
        booking_id,
    )
    assert events, "the journey's booking got Stripe events"
    before = rows(
        stack.db_url,
        "select (select count(*) from data.booking_history where booking_id = %s) as history,"
        " (select count(*) from data.refund where booking_id = %s) as refunds",
        booking_id,
        booking_id,
    )

    async def redeliver() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            base_url=stack.base, verify=str(stack.cacert), timeout=30
        ) as c:
            sends = []
            for e in events:
                body, headers = h.signed(e["payload"], secret=WEBHOOK_SECRET)
                sends += [
                    c.post("/stripe/webhook", content=body, headers=headers) for _ in range(3)
                ]
            return await asyncio.gather(*sends)

    replies = asyncio.run(redeliver())
    assert all(r.status_code == 200 for r in replies), [r.text for r in replies]
    assert all(r.json()["duplicate"] is True for r in replies), [r.json() for r in replies]
    after = rows(
        stack.db_url,
        "select (select count(*) from data.booking_history where booking_id = %s) as history,"
        " (select count(*) from data.refund where booking_id = %s) as refunds",
        booking_id,
        booking_id,
    )
    assert after == before
    assert_money_matches(stack.stripe, stack.db_url, booking_id)


def test_every_service_pools_through_pgbouncer(
    stack: Stack, scaled: Scaled, journey: dict[str, Any]
) -> None:
    """After the journey: the pools PgBouncer holds, and every primary session of the
    service roles is one of PgBouncer's server connections (by its local port)."""
    pools = {(p["database"], p["user"]) for p in scaled.bouncer.show("POOLS")}
    assert (scaled.db, "authenticator") in pools, pools
    assert (scaled.db, "webhook_service") in pools, pools
    assert (WORKER_ALIAS, "worker_service") in pools, pools
    sessions = rows(
        scaled.primary_url,
        "select usename::text as usename, client_port from pg_stat_activity"
        " where usename = any(%s) and datname = %s",
        list(POOLED_ROLES),
        scaled.db,
    )
    servers = {int(s["local_port"]) for s in scaled.bouncer.show("SERVERS")}  # type: ignore[call-overload]
    assert {s["usename"] for s in sessions} == set(POOLED_ROLES), sessions
    direct = [s for s in sessions if s["client_port"] not in servers]
    assert not direct, f"sessions not through PgBouncer: {direct}"
    # The read gateway's sessions are on the replica, which streams from the primary.
    on_replica = rows(
        scaled.replica_url,
        "select count(*) as n from pg_stat_activity where usename = 'authenticator'",
    )
    assert on_replica[0]["n"] > 0
    [streaming] = rows(
        scaled.primary_url,
        "select state, replay_lsn is not null as replaying from pg_stat_replication",
    )
    assert streaming == {"state": "streaming", "replaying": True}
    # The worker's pool runs with procrastinate's search_path (its connect_query).
    with psycopg.connect(
        scaled.worker_pooler_url.replace("postgres@", "worker_service@"), autocommit=True
    ) as conn:
        conn.prepare_threshold = None
        row = conn.execute("show search_path").fetchone()
    assert row is not None and row[0].startswith("procrastinate")


def test_200_racers_through_the_gateway_and_pgbouncer_one_wins(
    stack: Stack, journey: dict[str, Any]
) -> None:
    db = stack.db_url
    venue = h.create_venue(db)
    [slot] = h.create_slots(db, venue.court_id, 1)
    tokens = [player_token(db)[1] for _ in range(200)]

    async def race() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=stack.pgrst, timeout=60, limits=limits) as c:
            return await asyncio.gather(
                *(
                    c.post(
                        "/rpc/hold_slots",
                        json={"slot_ids": [slot]},
                        headers={"Authorization": f"Bearer {t}"},
                    )
                    for t in tokens
                )
            )

    replies = asyncio.run(race())
    codes = sorted(r.json().get("code", "ok") if r.status_code != 200 else "ok" for r in replies)
    assert codes.count("ok") == 1, codes
    assert set(codes) == {"ok", "slot_unavailable"}, set(codes)
    assert all(r.status_code in (200, 409) for r in replies), {r.status_code for r in replies}
    active = rows(
        db,
        "select count(*) as n from data.booking_slot bs join data.booking b on b.id = bs.booking_id"
        " where bs.slot_id = %s and b.status in ('pending', 'confirmed')",
        slot,
    )
    assert active[0]["n"] == 1


def test_a_lagging_replica_never_lets_a_read_double_book(
    stack: Stack, scaled: Scaled, journey: dict[str, Any]
) -> None:
    db = stack.db_url
    venue = h.create_venue(db)
    [slot] = h.create_slots(db, venue.court_id, 1)
    window = slot_window(db, slot)
    _, first = player_token(db)
    _, second = player_token(db)
    scaled.wait_replayed()
    scaled.pause_replay()
    try:
        with client(stack) as http:
            assert slot in shown_free(http, second, window)
            taken = hold(http, first, slot)
            assert taken.status_code == 200, taken.text
            # The replica has not replayed the hold: it still shows the slot free ...
            assert slot in shown_free(http, second, window)
            # ... and the hold made on what it showed goes to the primary, which refuses it.
            late = hold(http, second, slot)
            assert late.status_code == 409, late.text
            assert late.json()["code"] == "slot_unavailable"
    finally:
        scaled.resume_replay()
    scaled.wait_replayed()
    with client(stack) as http:
        assert slot not in shown_free(http, second, window)
    bookings = rows(
        db,
        "select b.status::text from data.booking_slot bs join data.booking b"
        " on b.id = bs.booking_id where bs.slot_id = %s",
        slot,
    )
    assert [b["status"] for b in bookings] == ["pending"]


def test_reads_survive_the_replica_going_down(
    stack: Stack, scaled: Scaled, journey: dict[str, Any]
) -> None:
    """Last in the module: it stops the replica. Reads answer from the primary (nginx's
    `backup` upstream), every one of them; the read gateway itself answers 503."""
    db = stack.db_url
    venue = h.create_venue(db)
    slots = h.create_slots(db, venue.court_id, 3)
    window = slot_window(db, slots[0]) | {
        "to": (datetime.fromisoformat(slot_window(db, slots[-1])["to"])).isoformat()
    }
    _, token = player_token(db)
    scaled.replica.stop()
    assert stack.read_pgrst is not None
    deadline = time.monotonic() + 20
    while httpx.get(f"{stack.read_pgrst}/rpc/available_slots", params=window).status_code < 500:
        assert time.monotonic() < deadline, "the read gateway still answers without its database"
        time.sleep(0.2)
    with client(stack) as http:
        for _ in range(20):
            assert set(slots) <= shown_free(http, token, window)
        r = http.get("/api/rpc/nearby_venues", params={"lat": 48.85, "lng": 2.35})
        assert r.status_code == 200, r.text
        assert hold(http, token, slots[0]).status_code == 200
