"""GET /health: 200 with the database, 503 when it cannot be reached."""

from __future__ import annotations

import httpx

from tests.support.localstripe_server import free_port
from tests.support.stripe_recorder import RecordingHTTPClient
from tests.webhook.conftest import settings_for
from webhook.app import create_app


async def test_health_ok(client: httpx.AsyncClient) -> None:
    r = await client.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "db": "ok"}


async def test_health_503_and_webhook_503_without_database() -> None:
    closed = f"postgresql://webhook_service@127.0.0.1:{free_port()}/nowhere"
    app = create_app(settings_for(closed, db_timeout=1.0), stripe_http_client=RecordingHTTPClient())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://webhook") as c:
            r = await c.get("/health")
            assert r.status_code == 503 and r.json() == {"status": "error", "db": "unreachable"}
            # A verified event that cannot be stored: 503, so that Stripe delivers it again.
            from tests.webhook import helpers as h

            body, headers = h.signed(h.event("payment_intent.succeeded", h.pi_object("pi_x", 1)))
            r = await c.post("/stripe/webhook", content=body, headers=headers)
            assert r.status_code == 503 and r.json()["code"] == "PGRST000"
            r = await c.get("/nope")
            assert r.status_code == 404 and r.json()["code"] == "PGRST125"
