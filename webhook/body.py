"""Reading the JSON bodies of the /payments endpoints: a JSON object whose
named id is a positive integer (or a string of digits, as PostgREST would cast
it). Anything else is 400 invalid_input; other keys are ignored (an `amount`
sent by a client never counts)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from postgrest_compat.numbers import is_ascii_digits
from webhook.errors import ApiError, invalid_input

# The service is reached through nginx (client_max_body_size 1m) but must not
# rely on it: /stripe/webhook reads the body before any authentication.
MAX_BODY_BYTES = 1024 * 1024


def too_large() -> ApiError:
    return ApiError(
        413, "payload_too_large", "Request body is too large", f"Limit: {MAX_BODY_BYTES} bytes"
    )


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The raw body, read once, refused with 413 past `limit` bytes (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared and is_ascii_digits(declared.strip()) and int(declared) > limit:
        raise too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large()
        chunks.append(chunk)
    return b"".join(chunks)


async def json_object(request: Request) -> dict[str, Any]:
    raw = await read_body(request)
    try:
        body = json.loads(raw or b"null")
    except (ValueError, RecursionError) as exc:
        # RecursionError: deeply nested arrays/objects (e.g. b"[" * 100000).
        raise invalid_input("The body is not valid JSON", str(exc)[:200]) from exc
    if not isinstance(body, dict):
        raise invalid_input("The body must be a JSON object")
    return body


def positive_id(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    # ASCII digits only, as PostgreSQL's integer input reads them (postgrest_compat.numbers):
    # "²".isdigit() is true and int("٣") is 3 in Python
    if isinstance(value, str) and is_ascii_digits(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise invalid_input(f"{name} is required: a positive integer")
    return value
