"""Calls of `internal.*` functions on the worker's pool, one transaction each."""

from __future__ import annotations

from typing import Any, cast

from procrastinate import App, PsycopgConnector
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool


def pool(app: App) -> AsyncConnectionPool:
    return cast(PsycopgConnector, app.connector).pool


async def fetch_value(app: App, query: str, params: tuple[Any, ...] = ()) -> Any:
    """First column of the first row (None without rows); commits on return."""
    async with pool(app).connection() as conn:
        cur = await conn.execute(query, params)  # type: ignore[arg-type]
        row = await cur.fetchone()
        return row[0] if row else None


async def fetch_all(app: App, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Every row as a dict; commits on return."""
    async with pool(app).connection() as conn:
        cur = conn.cursor(row_factory=dict_row)
        await cur.execute(query, params)  # type: ignore[arg-type]
        return await cur.fetchall()
