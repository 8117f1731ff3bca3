"""PostgREST's SQLSTATE -> HTTP table and the gateway's own errors; the error body and the
`RAISE SQLSTATE 'PGRST'` translation are postgrest_compat.errors (shared with the webhook)."""

from __future__ import annotations

from http import HTTPStatus

import psycopg

from postgrest_compat.errors import ApiError, from_raise_pgrst

JSON_CT = b"application/json; charset=utf-8"


def query_param_error(what: str, details: str, column: int = 1) -> ApiError:
    return ApiError(400, "PGRST100", f'"failed to parse {what}" (line 1, column {column})', details)


def range_error(details: str) -> ApiError:
    return ApiError(416, "PGRST103", "Requested range not satisfiable", details)


def invalid_body(message: str) -> ApiError:
    return ApiError(400, "PGRST102", message)


_PREFIX_STATUS: dict[str, int] = {
    "08": 503,
    "09": 500,
    "0L": 403,
    "0P": 403,
    "23": 400,
    "25": 500,
    "28": 403,
    "2D": 500,
    "38": 500,
    "39": 500,
    "3B": 500,
    "40": 500,
    "53": 503,
    "54": 500,
    "55": 500,
    "57": 500,
    "58": 500,
    "F0": 500,
    "HV": 500,
    "P0": 500,
    "XX": 500,
}

_EXACT_STATUS: dict[str, int] = {
    "23503": 409,
    "23505": 409,
    "25006": 405,
    "P0001": 400,
    "42883": 404,
    "42P01": 404,
    "42P17": 500,
    "53400": 500,
    "57P01": 503,
}


def status_for_sqlstate(code: str, message: str, authenticated: bool) -> int:
    if code in _EXACT_STATUS:
        if code == "42883" and message.startswith("function xmlagg("):
            return 406
        return _EXACT_STATUS[code]
    if code == "42501":
        return 403 if authenticated else 401
    if code == "21000":
        return 400 if message.endswith("requires a WHERE clause") else 500
    if code == "22023":
        return 401 if message.startswith("role ") and message.endswith("does not exist") else 400
    if code.startswith("PT"):
        try:
            return int(code[2:])
        except ValueError:
            return 500
    return _PREFIX_STATUS.get(code[:2], 400)


def from_pg_error(exc: psycopg.Error, authenticated: bool) -> ApiError:
    """Translate a PostgreSQL error into PostgREST's answer."""
    diag = exc.diag
    code = diag.sqlstate
    if code is None:
        # Connection-level failure (no SQLSTATE): PostgREST answers 503 PGRST001.
        return ApiError(
            503, "PGRST001", "Database client error. Retrying the connection.", str(exc)
        )
    if code == "PGRST":
        return from_raise_pgrst(diag.message_primary, diag.message_detail)
    message = diag.message_primary or ""
    status = status_for_sqlstate(code, message, authenticated)
    err = ApiError(status, code, message, diag.message_detail, diag.message_hint)
    if code.startswith("PT") and status != 500:
        err.reason = message
    if status == 401:
        err.headers = [("WWW-Authenticate", "Bearer")]
    return err


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
