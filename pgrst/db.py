"""Running one request's transaction: settings, pre-request, main statement, commit/rollback,
all pipelined so the common case costs a single network round trip."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import psycopg

SETTINGS_SQL = (
    "SELECT pg_catalog.count(pg_catalog.set_config(k, v, true)) "
    "FROM unnest(%s::text[], %s::text[]) AS u(k, v)"
)


@dataclass
class Result:
    total: int | None
    page_total: int
    body: str
    response_headers: str | None
    response_status: str | None


PostCheck = Callable[[Result], Awaitable[None] | None]


async def run_transaction(
    conn: psycopg.AsyncConnection[Any],
    *,
    read_only: bool,
    keys: list[str],
    values: list[str],
    pre_request_sql: str | None,
    main_sql: str,
    main_params: list[Any],
    rollback: bool,
    post_check: Callable[[Result], None] | None,
) -> Result:
    """Execute the request's transaction. `post_check` may raise; the transaction is then
    rolled back. Errors from PostgreSQL propagate as psycopg errors after a rollback."""
    inline_end = post_check is None
    end_sql = b"ROLLBACK" if rollback else b"COMMIT"
    try:
        async with conn.pipeline() as pipe:
            await conn.execute(
                b"BEGIN READ ONLY" if read_only else b"BEGIN READ WRITE", prepare=False
            )
            await conn.execute(SETTINGS_SQL, (keys, values))
            if pre_request_sql is not None:
                await conn.execute(pre_request_sql)
            cur = conn.cursor()
            await cur.execute(main_sql, main_params)
            if rollback:
                await conn.execute(b"SET CONSTRAINTS ALL IMMEDIATE", prepare=False)
            if inline_end:
                await conn.execute(end_sql, prepare=False)
            await pipe.sync()
            row = await cur.fetchone()
    except psycopg.Error:
        # If a statement before the main one failed, the server skipped the main statement's
        # Parse while psycopg may believe it is now prepared: forget the client-side cache.
        res = cur.pgresult if "cur" in locals() else None
        if res is None or res.status != psycopg.pq.ExecStatus.FATAL_ERROR:
            conn._prepared.clear()  # noqa: SLF001 - psycopg has no public API for this
        await _abort(conn)
        raise
    assert row is not None
    result = Result(row[0], row[1], row[2], row[3], row[4])
    if not inline_end:
        try:
            assert post_check is not None
            post_check(result)
        except BaseException:
            await _abort(conn)
            raise
        await conn.execute(end_sql, prepare=False)
    return result


async def _abort(conn: psycopg.AsyncConnection[Any]) -> None:
    if conn.closed or conn.broken:
        return
    status = conn.info.transaction_status
    if status != psycopg.pq.TransactionStatus.IDLE:
        try:
            await conn.execute(b"ROLLBACK", prepare=False)
        except psycopg.Error:
            pass
