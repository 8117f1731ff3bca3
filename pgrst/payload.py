"""Request bodies: read with the size limit, parsed once by Content-Type (JSON, form, CSV)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request

from pgrst.errors import ApiError, invalid_body
from pgrst.query_params import split_query
from postgrest_compat.numbers import is_ascii_digits

INVALID_JSON = "Empty or invalid json"


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or 413 PGRST102 beyond `limit` bytes (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared and is_ascii_digits(declared) and int(declared) > limit:
        raise ApiError(413, "PGRST102", "Request body is too large", f"Limit: {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "PGRST102", "Request body is too large", f"Limit: {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class Payload:
    """A parsed body. `json` is set for JSON bodies (`None` when the body is empty), `rows`
    for form and CSV bodies (form: one row), `raw` is the body text of a JSON body."""

    is_json: bool
    json: Any = None
    rows: list[dict[str, Any]] | None = None
    raw: str = ""

    @property
    def empty(self) -> bool:
        return self.is_json and not self.raw.strip()


def media_type(request: Request) -> str:
    ctype = request.headers.get("content-type") or "application/json"
    return ctype.split(";")[0].strip().lower()


def parse_payload(request: Request, raw: bytes, *, csv_allowed: bool) -> Payload:
    ctype = media_type(request)
    if ctype in ("application/json", "*/*", ""):
        try:
            data = orjson.loads(raw) if raw.strip() else None
        except orjson.JSONDecodeError as exc:
            raise invalid_body(INVALID_JSON) from exc
        return Payload(True, data, raw=raw.decode("utf-8") if raw.strip() else "")
    if ctype == "application/x-www-form-urlencoded":
        return Payload(False, rows=[dict(split_query(raw.decode("utf-8", errors="replace")))])
    if ctype == "text/csv" and csv_allowed:
        return Payload(False, rows=_parse_csv(raw))
    raise invalid_body(f"Content-Type not acceptable: {ctype}")


def table_rows(payload: Payload) -> list[dict[str, Any]]:
    """Rows to write: a JSON object, an array of objects with the same keys, form, CSV."""
    if not payload.is_json:
        assert payload.rows is not None
        return payload.rows
    data = payload.json
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        if data:
            keys = set(data[0])
            if any(set(r) != keys for r in data[1:]):
                raise invalid_body("All object keys must match")
        return data
    raise invalid_body(INVALID_JSON)


def rpc_arguments(payload: Payload) -> dict[str, Any]:
    """Named arguments of a POST /rpc call: a JSON object's keys (an empty body is `{}`; an
    array names none), or the form fields."""
    if not payload.is_json:
        assert payload.rows is not None
        return payload.rows[0]
    data = {} if payload.empty else payload.json
    if isinstance(data, dict):
        return data
    if isinstance(data, list):
        return {}
    raise invalid_body(INVALID_JSON)


def _parse_csv(raw: bytes) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(raw.decode("utf-8", errors="replace")))
    rows = list(reader)
    if not rows:
        raise invalid_body(INVALID_JSON)
    header = rows[0]
    out: list[dict[str, Any]] = []
    for r in rows[1:]:
        if len(r) != len(header):
            raise invalid_body("All lines must have same number of fields")
        out.append({h: (None if v == "NULL" else v) for h, v in zip(header, r, strict=True)})
    return out
