"""Running one request's transaction: settings, pre-request, main statement, commit/rollback.

Everything is pipelined (pgrst.wire), so the common case costs one network round trip and two
protocol statements: in the extended protocol, the statements before a Sync form one implicit
transaction, which commits at the Sync (or rolls back on any error). When the outcome must be
checked before committing (singular responses, max-affected, tx=rollback), an explicit BEGIN
is sent and COMMIT/ROLLBACK follows the check.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg

from pgrst.wire import Statement, run_pipeline

# One statement sets every transaction-local GUC, in document order of the JSON object.
SETTINGS_SQL = (
    b"SELECT pg_catalog.count(pg_catalog.set_config(k, v, true)) "
    b"FROM pg_catalog.json_each_text($1::json) AS s(k, v)"
)
BEGIN = Statement(b"BEGIN")
COMMIT = Statement(b"COMMIT")
ROLLBACK = Statement(b"ROLLBACK")
CONSTRAINTS = Statement(b"SET CONSTRAINTS ALL IMMEDIATE")


@dataclass
class Result:
    total: int | None
    page_total: int
    body: str
    response_headers: str | None
    response_status: str | None
    planned_rows: int | None = None


def encode_params(values: Sequence[Any]) -> list[bytes | None]:
    out: list[bytes | None] = []
    for v in values:
        if v is None:
            out.append(None)
        elif isinstance(v, str):
            out.append(v.encode("utf-8", errors="surrogateescape"))
        elif isinstance(v, bool):
            out.append(b"true" if v else b"false")
        else:
            out.append(str(v).encode())
    return out


async def run_transaction(
    conn: psycopg.AsyncConnection[Any],
    *,
    settings_json: str,
    pre_request_sql: str | None,
    main_sql: str,
    main_params: Sequence[Any],
    rollback: bool,
    post_check: Callable[[Result], None] | None,
    explain: tuple[str, Sequence[Any]] | None = None,
    prepare: bool = True,
) -> Result:
    """Execute the request's transaction. `settings_json` sets transaction_read_only first
    when needed. `post_check` may raise; the transaction is then rolled back. PostgreSQL errors
    propagate as psycopg errors, with the transaction rolled back."""
    explicit = post_check is not None or rollback
    stmts: list[Statement] = [BEGIN] if explicit else []
    stmts.append(Statement(SETTINGS_SQL, [settings_json.encode()]))
    if pre_request_sql is not None:
        stmts.append(Statement(pre_request_sql.encode()))
    main_idx = len(stmts)
    stmts.append(Statement(main_sql.encode(), encode_params(main_params)))
    if explain is not None:
        stmts.append(Statement(explain[0].encode(), encode_params(explain[1])))
    if rollback:
        stmts.append(CONSTRAINTS)
    try:
        results = await run_pipeline(conn, stmts, prepare=prepare)
    except psycopg.Error:
        await _abort(conn, prepare)
        raise
    res = results[main_idx]
    assert res is not None
    vals = [res.get_value(0, i) for i in range(5)]
    result = Result(
        int(vals[0]) if vals[0] is not None else None,
        int(vals[1] or b"0"),
        (vals[2] or b"").decode("utf-8"),
        vals[3].decode("utf-8") if vals[3] is not None else None,
        vals[4].decode("utf-8") if vals[4] is not None else None,
    )
    if explain is not None:
        plan = results[main_idx + 1]
        if plan is not None and (raw := plan.get_value(0, 0)) is not None:
            result.planned_rows = int(orjson.loads(raw)[0]["Plan"]["Plan Rows"])
    if explicit:
        try:
            if post_check is not None:
                post_check(result)
        except BaseException:
            await _abort(conn, prepare)
            raise
        await run_pipeline(conn, [ROLLBACK if rollback else COMMIT], prepare=prepare)
    return result


async def _abort(conn: psycopg.AsyncConnection[Any], prepare: bool) -> None:
    if conn.closed or conn.broken:
        return
    if conn.pgconn.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        try:
            await run_pipeline(conn, [ROLLBACK], prepare=prepare)
        except psycopg.Error:
            await conn.close()
