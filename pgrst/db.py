"""Running one request's transaction: settings, pre-request, main statement, commit/rollback.

Everything is pipelined, so the common case costs one network round trip and two protocol
statements: in the extended protocol, the statements before a Sync form one implicit
transaction, which commits at the Sync (or rolls back on any error). When the outcome must
be checked before committing (singular responses, max-affected, tx=rollback), an explicit
BEGIN is used and COMMIT/ROLLBACK follows the check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

# One statement sets every transaction-local GUC, in document order of the JSON object.
SETTINGS_SQL = (
    "SELECT pg_catalog.count(pg_catalog.set_config(k, v, true)) "
    "FROM pg_catalog.json_each_text(%s::json) AS s(k, v)"
)


@dataclass
class Result:
    total: int | None
    page_total: int
    body: str
    response_headers: str | None
    response_status: str | None


async def run_transaction(
    conn: psycopg.AsyncConnection[Any],
    *,
    settings_json: str,
    pre_request_sql: str | None,
    main_sql: str,
    main_params: dict[str, Any],
    rollback: bool,
    post_check: Callable[[Result], None] | None,
) -> Result:
    """Execute the request's transaction. `settings_json` must set transaction_read_only
    first when needed. `post_check` may raise; the transaction is then rolled back. Errors
    from PostgreSQL propagate as psycopg errors (the transaction is rolled back)."""
    explicit = post_check is not None or rollback
    cur = conn.cursor()
    try:
        async with conn.pipeline() as pipe:
            if explicit:
                await conn.execute(b"BEGIN", prepare=False)
            await conn.execute(SETTINGS_SQL, (settings_json,))
            if pre_request_sql is not None:
                await conn.execute(pre_request_sql)
            await cur.execute(main_sql, main_params)
            if rollback:
                await conn.execute(b"SET CONSTRAINTS ALL IMMEDIATE", prepare=False)
            await pipe.sync()
            row = await cur.fetchone()
    except psycopg.Error:
        # If a statement before the main one failed, the server skipped the main statement's
        # Parse while psycopg may believe it is now prepared: forget the client-side cache.
        res = cur.pgresult
        if res is None or res.status != psycopg.pq.ExecStatus.FATAL_ERROR:
            conn._prepared.clear()  # noqa: SLF001 - psycopg has no public API for this
        await _abort(conn)
        raise
    assert row is not None
    result = Result(row[0], row[1], row[2], row[3], row[4])
    if explicit:
        try:
            if post_check is not None:
                post_check(result)
        except BaseException:
            await _abort(conn)
            raise
        await conn.execute(b"ROLLBACK" if rollback else b"COMMIT", prepare=False)
    return result


async def _abort(conn: psycopg.AsyncConnection[Any]) -> None:
    if conn.closed or conn.broken:
        return
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        try:
            await conn.execute(b"ROLLBACK", prepare=False)
        except psycopg.Error:
            pass
