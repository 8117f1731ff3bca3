"""PostgREST error bodies, the SQLSTATE -> HTTP table and `RAISE SQLSTATE 'PGRST'` parsing."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson
import psycopg

JSON_CT = b"application/json; charset=utf-8"


class ApiError(Exception):
    """An error answered with PostgREST's JSON body `{code, details, hint, message}`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        hint: Any = None,
        headers: list[tuple[str, str]] | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
        self.headers = headers or []
        self.reason = reason

    def body(self) -> bytes:
        # Key order is PostgREST's: code, details, hint, message.
        return orjson.dumps(
            {"code": self.code, "details": self.details, "hint": self.hint, "message": self.message}
        )


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


def _raise_pgrst(diag: psycopg.errors.Diagnostic) -> ApiError:
    raw_msg = diag.message_primary or ""
    raw_det = diag.message_detail

    def parse_error(details: str, msg_failed: bool) -> ApiError:
        hint = (
            "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and "
            "optional keys: 'details', 'hint'."
            if msg_failed
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

    try:
        msg = orjson.loads(raw_msg)
        ok = (
            isinstance(msg, dict)
            and isinstance(msg.get("code"), str)
            and isinstance(msg.get("message"), str)
            and (msg.get("details") is None or isinstance(msg.get("details"), str))
            and (msg.get("hint") is None or isinstance(msg.get("hint"), str))
        )
    except orjson.JSONDecodeError:
        ok = False
    if not ok:
        return parse_error(f"Invalid JSON value for MESSAGE: '{raw_msg}'", True)
    if raw_det is None:
        return parse_error("DETAIL is missing in the RAISE statement", False)
    try:
        det = orjson.loads(raw_det)
        hdrs = det.get("headers") if isinstance(det, dict) else None
        ok = (
            isinstance(det, dict)
            and isinstance(det.get("status"), int)
            and not isinstance(det.get("status"), bool)
            and isinstance(hdrs, dict)
            and all(isinstance(v, str) for v in hdrs.values())
            and (det.get("status_text") is None or isinstance(det.get("status_text"), str))
        )
    except orjson.JSONDecodeError:
        ok = False
    if not ok:
        return parse_error(f"Invalid JSON value for DETAIL: '{raw_det}'", False)
    return ApiError(
        det["status"],
        msg["code"],
        msg["message"],
        msg.get("details"),
        msg.get("hint"),
        headers=list(det["headers"].items()),
        reason=det.get("status_text"),
    )


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
        return _raise_pgrst(diag)
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
