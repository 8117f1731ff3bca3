"""CORS the way PostgREST configures wai-cors: only when the request has an Origin header."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from pgrst.config import Config
from pgrst.responses import make_response

METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS"
EXPOSED = (
    "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, "
    "Transfer-Encoding, Range-Unit"
)
MAX_AGE = str(60 * 60 * 24)


def _allow_origin(config: Config, origin: str) -> list[tuple[str, str]] | None:
    allowed = config.server_cors_allowed_origins
    if not allowed:
        return [("Access-Control-Allow-Origin", "*")]
    if origin in allowed:
        return [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Credentials", "true"),
        ]
    return None


async def apply(
    config: Config,
    request: Request,
    origin: str,
    handler: Callable[[Request], Awaitable[Response]],
) -> Response:
    allow = _allow_origin(config, origin)
    preflight = request.method == "OPTIONS" and "access-control-request-method" in request.headers
    if preflight and allow is not None:
        req_headers = request.headers.get("access-control-request-headers", "")
        names = ["Authorization"] + [h.strip() for h in req_headers.split(",") if h.strip()]
        headers = allow + [
            ("Access-Control-Allow-Methods", METHODS),
            ("Access-Control-Allow-Headers", ", ".join(names)),
            ("Access-Control-Max-Age", MAX_AGE),
        ]
        return make_response(200, b"", headers)
    response = await handler(request)
    if allow is not None:
        extra = allow + [("Access-Control-Expose-Headers", EXPOSED)]
        response.raw_headers = list(response.raw_headers) + [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra
        ]
    return response
