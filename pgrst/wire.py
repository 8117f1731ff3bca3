"""A minimal libpq pipeline exchange on a psycopg connection.

psycopg's own pipeline API yields to the event loop after every queued statement; pgrst sends
all of a request's statements at once and waits for the Sync, which halves the per-request
driver overhead. Statements are text-format, parameters untyped (`$n`, PostgreSQL infers the
type, like PostgREST's literals) or cast in the SQL. Frequently used statements are prepared
per connection; a failed Prepare is simply not registered (no client/server cache mismatch).
With `prepare=False` (db-prepared-statements=false, behind a transaction-mode pooler) nothing
is ever prepared: every statement is an unnamed Parse/Bind/Execute, which lives only until
the Sync and so never outlives the server connection's transaction.
"""

from __future__ import annotations

import weakref
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import pq
from psycopg.errors import error_from_result
from psycopg.waiting import Ready, Wait, wait_async

ExecStatus = pq.ExecStatus
PREPARE_AFTER = 2  # executions of the same text before it is prepared
MAX_PREPARED = 256  # per connection


@dataclass
class Statement:
    sql: bytes
    params: Sequence[bytes | None] = ()


@dataclass
class _ConnState:
    prepared: dict[bytes, bytes] = field(default_factory=dict)
    seen: dict[bytes, int] = field(default_factory=dict)
    counter: int = 0


_states: weakref.WeakKeyDictionary[Any, _ConnState] = weakref.WeakKeyDictionary()


def _state(conn: psycopg.AsyncConnection[Any]) -> _ConnState:
    st = _states.get(conn)
    if st is None:
        st = _states[conn] = _ConnState()
    return st


def _exchange(pgconn: pq.abc.PGconn) -> Generator[Wait, Ready, list[pq.abc.PGresult]]:
    """Flush what is queued, then collect results until the PIPELINE_SYNC result."""
    while pgconn.flush():
        ready = yield Wait.RW
        if ready & Ready.R:
            pgconn.consume_input()
    results: list[pq.abc.PGresult] = []
    while True:
        nones = 0
        while not pgconn.is_busy():
            res = pgconn.get_result()
            if res is None:
                nones += 1
                if nones > 1:
                    break
                continue
            nones = 0
            results.append(res)
            if res.status == ExecStatus.PIPELINE_SYNC:
                return results
        yield Wait.R
        pgconn.consume_input()


async def run_pipeline(
    conn: psycopg.AsyncConnection[Any], statements: list[Statement], *, prepare: bool = True
) -> list[pq.abc.PGresult | None]:
    """Send `statements` then a Sync; return one result per statement (None when the
    statement was skipped because an earlier one failed). Raises the first PostgreSQL error
    as a psycopg exception (the server has then rolled back an implicit transaction)."""
    pgconn = conn.pgconn
    st = _state(conn)
    plan: list[tuple[int, bytes | None]] = []  # (statement index, name prepared now)
    pgconn.enter_pipeline_mode()
    try:
        for idx, stmt in enumerate(statements):
            params = list(stmt.params)
            if not prepare:
                pgconn.send_query_params(stmt.sql, params)
                plan.append((idx, None))
                continue
            name = st.prepared.get(stmt.sql)
            if name is not None:
                pgconn.send_query_prepared(name, params)
                plan.append((idx, None))
                continue
            count = st.seen.get(stmt.sql, 0) + 1
            if count >= PREPARE_AFTER and len(st.prepared) < MAX_PREPARED:
                st.counter += 1
                name = f"pgrst_{st.counter}".encode()
                pgconn.send_prepare(name, stmt.sql)
                pgconn.send_query_prepared(name, params)
                plan.append((idx, name))
                st.seen.pop(stmt.sql, None)
            else:
                if len(st.seen) > 4 * MAX_PREPARED:
                    st.seen.clear()
                st.seen[stmt.sql] = count
                pgconn.send_query_params(stmt.sql, params)
                plan.append((idx, None))
        pgconn.pipeline_sync()
        raw = await wait_async(_exchange(pgconn), pgconn.socket, interval=0.1)
        pgconn.exit_pipeline_mode()
    except BaseException:
        # The connection is in an unknown protocol state: never reuse it.
        await conn.close()
        raise
    # Map results back: a statement prepared now yields 2 results (prepare, execute).
    out: list[pq.abc.PGresult | None] = [None] * len(statements)
    pos = 0
    error: pq.abc.PGresult | None = None
    for idx, name in plan:
        if name is not None:
            prep = raw[pos] if pos < len(raw) else None
            pos += 1
            if prep is not None and prep.status == ExecStatus.COMMAND_OK:
                st.prepared[statements[idx].sql] = name
            elif prep is not None and prep.status == ExecStatus.FATAL_ERROR and error is None:
                error = prep
        res = raw[pos] if pos < len(raw) else None
        pos += 1
        if res is not None and res.status == ExecStatus.PIPELINE_ABORTED:
            res = None
        if res is not None and res.status == ExecStatus.FATAL_ERROR and error is None:
            error = res
        out[idx] = res
    if error is not None:
        raise error_from_result(error, encoding="utf-8")
    return out
