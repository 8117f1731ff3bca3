"""The root endpoint `/`: the OpenAPI description (pgrst.openapi builds it)."""

from __future__ import annotations

import orjson
from starlette.responses import Response

from pgrst import openapi
from pgrst.context import ReqCtx
from pgrst.errors import ApiError
from pgrst.negotiation import CT_OPENAPI, OPENAPI_TYPES, negotiate
from pgrst.responses import make_response


def handle_root(ctx: ReqCtx) -> Response:
    if ctx.method not in ("GET", "HEAD"):
        raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {ctx.method}")
    if ctx.config.openapi_mode == "disabled":
        raise ApiError(404, "PGRST126", "Root endpoint metadata is disabled")
    negotiate(ctx.request, OPENAPI_TYPES)
    doc = openapi.build(ctx.config, ctx.cache, ctx.schema)
    return make_response(
        200, orjson.dumps(doc), ctx.profile_headers(), content_type=CT_OPENAPI, head=ctx.head
    )
