"""Fixtures of the engine's concurrency tests: a fresh courtbook database per module
(from tests/conftest.py), a World to seed it, and a pool of raw connections.

COURTBOOK_ENGINE_MUTATION=<name> applies tests/engine/mutations/<name>.sql to the
module's database after deploying it: a deliberately broken engine, to see the
invariant tests fail (run by hand; see docs/engine.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.engine.helpers import World, call, connect

MUTATIONS = Path(__file__).parent / "mutations"


@pytest.fixture(scope="module")
def engine_url(courtbook_db: str) -> str:
    name = os.environ.get("COURTBOOK_ENGINE_MUTATION")
    if name:
        with connect(courtbook_db) as conn:
            conn.execute((MUTATIONS / f"{name}.sql").read_text())
    return courtbook_db


@pytest.fixture(scope="module")
def world(engine_url: str) -> World:
    return World(engine_url)


@pytest.fixture(scope="module")
def conns(engine_url: str, world: World) -> Iterator[list[psycopg.Connection]]:
    """200 connections, opened once per module (the test cluster allows 300) and
    warmed up like PostgREST's pool: each has run one hold and one release, so the
    races measure the hold itself, not each backend compiling PL/pgSQL and planning
    its statements for the first time (about 0.5 s for 200 cold backends on 2 cores)."""
    pool = [connect(engine_url) for _ in range(200)]
    _, _, [court] = world.add_owner_with_venue()
    slots = world.add_slots(court, len(pool))
    players = world.add_players(len(pool))
    for conn, player, slot in zip(pool, players, slots, strict=True):
        booking = call(
            conn, "player", player, "select to_json(api.hold_slots(%s::bigint[]))", ([slot],)
        )
        call(
            conn, "player", player, "select to_json(api.release_hold(%s))", (booking["booking_id"],)
        )
    yield pool
    for c in pool:
        c.close()
