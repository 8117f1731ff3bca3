"""Response construction with exact control over headers (PostgREST's, not Starlette's)."""

from __future__ import annotations

import re

from starlette.responses import Response

from pgrst.errors import JSON_CT, ApiError

Header = tuple[str, str]

# RFC 9110 token for names; values without CR, LF, NUL (no response splitting).
_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_BAD_VALUE = re.compile(r"[\r\n\x00]")
# Message framing is the server's: a function cannot set it.
FRAMING = frozenset({"content-length", "transfer-encoding"})


def header_allowed(name: str, value: str) -> bool:
    return (
        _NAME.fullmatch(name) is not None
        and _BAD_VALUE.search(value) is None
        and name.lower() not in FRAMING
    )


def make_response(
    status: int,
    body: bytes | None,
    headers: list[Header],
    *,
    content_type: bytes | None = None,
    head: bool = False,
    content_length: bool = True,
) -> Response:
    """Build a response. `body=None` means no body and no Content-Length (204-style);
    `head=True` keeps status and headers but drops the body and Content-Length."""
    resp = Response(status_code=status)
    raw: list[tuple[bytes, bytes]] = []
    if content_type is not None:
        raw.append((b"content-type", content_type))
    if body is not None and content_length and not head:
        raw.append((b"content-length", str(len(body)).encode()))
    seen_override = {k.lower() for k, _ in headers}
    raw = [h for h in raw if h[0].decode() not in seen_override or h[0] == b"content-length"]
    for k, v in headers:
        if not header_allowed(k, v):
            continue  # e.g. RAISE SQLSTATE 'PGRST' DETAIL headers with CR/LF
        raw.append((k.lower().encode("latin-1"), v.encode("latin-1", errors="replace")))
    resp.raw_headers = raw
    resp.body = b"" if (body is None or head) else body
    return resp


def error_response(err: ApiError, *, head: bool = False) -> Response:
    body = err.body()
    headers: list[Header] = [("Proxy-Status", f"PostgREST; error={err.code}")]
    headers.extend(err.headers)
    if err.status == 503:
        headers.append(("Retry-After", "0"))
    return make_response(err.status, body, headers, content_type=JSON_CT, head=head)
