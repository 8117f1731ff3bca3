"""The admin server (PGRST_ADMIN_SERVER_PORT): `/live` and `/ready`, empty bodies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

if TYPE_CHECKING:
    from pgrst.app import PgrstApp


def admin_app(app: PgrstApp) -> Starlette:
    async def live(_request: Request) -> Response:
        return Response(status_code=200)

    async def ready(_request: Request) -> Response:
        pool = app.pool
        ok = app.holder.cache is not None and pool is not None and not pool.closed
        if ok and pool is not None:
            stats = pool.get_stats()
            ok = stats.get("pool_size", 0) > 0
        return Response(status_code=200 if ok else 503)

    return Starlette(
        routes=[
            Route("/live", live, methods=["GET", "HEAD"]),
            Route("/ready", ready, methods=["GET", "HEAD"]),
        ]  # fmt: skip
    )
