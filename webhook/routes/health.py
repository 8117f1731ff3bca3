"""GET /health: 200 {status: ok, db: ok} when the database answers, else 503."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse

from webhook.state import services

log = logging.getLogger("webhook.health")


async def health(request: Request) -> JSONResponse:
    svc = services(request)
    try:
        await asyncio.wait_for(svc.db.ping(), timeout=svc.settings.db_timeout + 1)
    except Exception as exc:  # any failure to answer is "unreachable"
        log.warning("health: database unreachable", extra={"error": repr(exc)})
        return JSONResponse({"status": "error", "db": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "db": "ok"})
