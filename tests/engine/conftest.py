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

from tests.engine.helpers import World, connect

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
def conns(engine_url: str) -> Iterator[list[psycopg.Connection]]:
    """200 connections, opened once per module (the test cluster allows 300)."""
    pool = [connect(engine_url) for _ in range(200)]
    yield pool
    for c in pool:
        c.close()
