"""Reading the JSON bodies of the /payments endpoints: a JSON object whose
named id is a positive integer (or a string of digits, as PostgREST would cast
it). Anything else is 400 invalid_input; other keys are ignored (an `amount`
sent by a client never counts)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from webhook.errors import invalid_input


async def json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid_input("The body is not valid JSON", str(exc)) from exc
    if not isinstance(body, dict):
        raise invalid_input("The body must be a JSON object")
    return body


def positive_id(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise invalid_input(f"{name} is required: a positive integer")
    return value
