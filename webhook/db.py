"""The connection pool. The service connects as DATABASE_URL says (production:
the `webhook_service` login role, allowed only its `internal` functions) and
calls nothing but `internal.*` functions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool

from webhook.config import Settings


def make_pool(settings: Settings) -> AsyncConnectionPool:
    return AsyncConnectionPool(
        settings.database_url,
        min_size=settings.db_pool_min,
        max_size=settings.db_pool_max,
        timeout=settings.db_timeout,
        kwargs={
            "autocommit": True,
            "connect_timeout": max(1, int(settings.db_timeout)),
            "application_name": "courtbook-webhook",
            # None: never prepare (psycopg's switch), for PgBouncer in transaction mode.
            "prepare_threshold": 5 if settings.db_prepared_statements else None,
        },
        open=False,
        name="webhook",
        # A connection is tried (an empty query) before it is lent: after PostgreSQL
        # restarted, a dead one is replaced instead of failing the request that got it.
        check=AsyncConnectionPool.check_connection,
    )


class Database:
    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        async with self.pool.connection() as conn:
            yield conn

    async def value(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        """The first column of the first row of one statement, in its own transaction."""
        async with self.pool.connection() as conn:
            cur = conn.cursor(row_factory=tuple_row)
            await cur.execute(sql, params)  # type: ignore[arg-type]
            row = await cur.fetchone()
            return None if row is None else row[0]

    async def ping(self) -> None:
        async with self.pool.connection() as conn:
            await conn.execute("select 1")
