"""Errors in PostgREST's JSON shape `{"code","details","hint","message"}` (the error
itself and the `RAISE SQLSTATE 'PGRST'` translation are postgrest_compat.errors,
shared with the gateway).

SQL functions raise domain errors with `RAISE SQLSTATE 'PGRST'`: the MESSAGE is
the JSON body, the DETAIL `{"status": .., "headers": {..}}`. They are answered
exactly as PostgREST answers them; anything unparsable is PostgREST's own 500
PGRST121. A database that cannot be reached is 503 (so Stripe retries).
"""

from __future__ import annotations

import psycopg
import psycopg_pool
from starlette.responses import Response

from postgrest_compat.errors import ApiError, from_raise_pgrst


def response(err: ApiError) -> Response:
    """The HTTP response of an API error, with its headers."""
    return Response(
        err.body(), status_code=err.status, headers=dict(err.headers), media_type="application/json"
    )


def invalid_input(message: str, details: str | None = None) -> ApiError:
    return ApiError(400, "invalid_input", message, details)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def db_unavailable(details: str | None = None) -> ApiError:
    return ApiError(503, "PGRST000", "Database connection error. Retrying the connection.", details)


def is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, psycopg_pool.PoolTimeout | psycopg.OperationalError):
        sqlstate = getattr(getattr(exc, "diag", None), "sqlstate", None)
        return sqlstate is None or sqlstate.startswith(("08", "57P", "53"))
    return isinstance(exc, psycopg.InterfaceError)


def from_db_error(exc: BaseException) -> ApiError:
    """PostgREST's answer to a database error (the subset this service can meet)."""
    if is_connection_error(exc):
        return db_unavailable(str(exc) or type(exc).__name__)
    if isinstance(exc, psycopg.Error):
        diag = exc.diag
        if diag.sqlstate == "PGRST":
            return from_raise_pgrst(diag.message_primary, diag.message_detail)
        code = diag.sqlstate or "XX000"
        status = 400 if code.startswith(("22", "23")) else 500
        return ApiError(
            status, code, diag.message_primary or str(exc), diag.message_detail, diag.message_hint
        )
    return ApiError(500, "internal_error", "Unexpected error")
