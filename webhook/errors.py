"""Errors in PostgREST's JSON shape `{"code","details","hint","message"}`.

SQL functions raise domain errors with `RAISE SQLSTATE 'PGRST'`: the MESSAGE is
the JSON body, the DETAIL `{"status": .., "headers": {..}}`. They are answered
exactly as PostgREST answers them; anything unparsable is PostgREST's own 500
PGRST121. A database that cannot be reached is 503 (so Stripe retries).
"""

from __future__ import annotations

import json
from typing import Any

import psycopg
import psycopg_pool
from starlette.responses import JSONResponse


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: str | None = None,
        hint: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "details": self.details,
            "hint": self.hint,
            "message": self.message,
        }

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def invalid_input(message: str, details: str | None = None) -> ApiError:
    return ApiError(400, "invalid_input", message, details)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def db_unavailable(details: str | None = None) -> ApiError:
    return ApiError(503, "PGRST000", "Database connection error. Retrying the connection.", details)


def _pgrst121(details: str, message_failed: bool) -> ApiError:
    hint = (
        "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and "
        "optional keys: 'details', 'hint'."
        if message_failed
        else "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and "
        "optional key: 'status_text'."
    )
    return ApiError(
        500,
        "PGRST121",
        "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
        details,
        hint,
    )


def from_raise_pgrst(message: str | None, detail: str | None) -> ApiError:
    """The HTTP answer PostgREST gives for `RAISE SQLSTATE 'PGRST'`."""
    try:
        body = json.loads(message or "")
    except ValueError:
        body = None
    if not (
        isinstance(body, dict)
        and isinstance(body.get("code"), str)
        and isinstance(body.get("message"), str)
        and isinstance(body.get("details"), str | None)
        and isinstance(body.get("hint"), str | None)
    ):
        return _pgrst121(f"Invalid JSON value for MESSAGE: '{message}'", True)
    if detail is None:
        return _pgrst121("DETAIL is missing in the RAISE statement", False)
    try:
        det = json.loads(detail)
    except ValueError:
        det = None
    headers = det.get("headers") if isinstance(det, dict) else None
    status = det.get("status") if isinstance(det, dict) else None
    if not (
        isinstance(status, int)
        and not isinstance(status, bool)
        and isinstance(headers, dict)
        and all(isinstance(v, str) for v in headers.values())
    ):
        return _pgrst121(f"Invalid JSON value for DETAIL: '{detail}'", False)
    return ApiError(
        status, body["code"], body["message"], body.get("details"), body.get("hint"), headers
    )


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
