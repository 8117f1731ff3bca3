"""PostgREST's error body `{code, details, hint, message}` and its answer to
`RAISE SQLSTATE 'PGRST'` (docs: "Errors" → "Raise errors with HTTP Status Codes").

With `RAISE SQLSTATE 'PGRST'`, PostgREST requires the MESSAGE to be a JSON
object with `code` and `message` (optional `details`, `hint`: strings) and the
DETAIL a JSON object with `status` (an integer), `headers` (an object of
strings) and optionally `status_text`; anything else is its own 500 PGRST121.
"""

from __future__ import annotations

from typing import Any

import orjson


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


def _unparsable(details: str, message_failed: bool) -> ApiError:
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


def _json(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


def _optional_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def from_raise_pgrst(message: str | None, detail: str | None) -> ApiError:
    """The HTTP answer PostgREST gives for `RAISE SQLSTATE 'PGRST'` with this MESSAGE/DETAIL."""
    msg = _json(message or "")
    if not (
        isinstance(msg, dict)
        and isinstance(msg.get("code"), str)
        and isinstance(msg.get("message"), str)
        and _optional_str(msg.get("details"))
        and _optional_str(msg.get("hint"))
    ):
        return _unparsable(f"Invalid JSON value for MESSAGE: '{message or ''}'", True)
    if detail is None:
        return _unparsable("DETAIL is missing in the RAISE statement", False)
    det = _json(detail)
    headers = det.get("headers") if isinstance(det, dict) else None
    status = det.get("status") if isinstance(det, dict) else None
    if not (
        isinstance(status, int)
        and not isinstance(status, bool)
        and isinstance(headers, dict)
        and all(isinstance(v, str) for v in headers.values())
        and _optional_str(det.get("status_text"))
    ):
        return _unparsable(f"Invalid JSON value for DETAIL: '{detail}'", False)
    return ApiError(
        status,
        msg["code"],
        msg["message"],
        msg.get("details"),
        msg.get("hint"),
        headers=list(headers.items()),
        reason=det.get("status_text"),
    )
