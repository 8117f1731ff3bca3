"""What the end-to-end tests share: reading the database as its superuser, waiting
for the worker or a webhook, and the app's bearer header."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg.rows import dict_row


def rows(db_url: str, sql: str, *params: object) -> list[dict[str, Any]]:
    """The rows of one statement (none for a statement that returns none), autocommitted."""
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn:
        cur = conn.execute(sql, params)  # type: ignore[arg-type]
        return cur.fetchall() if cur.description else []


def eventually(check: Callable[[], Any], what: str, within: float = 30.0) -> Any:
    """check()'s first truthy value, polled every 0.2 s; fails after `within` seconds."""
    deadline = time.monotonic() + within
    while not (value := check()):
        assert time.monotonic() < deadline, f"{what}: not within {within}s"
        time.sleep(0.2)
    return value


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
