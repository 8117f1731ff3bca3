"""Fixtures of the webhook service tests: settings pointing at the module's
fresh database (connecting as the `webhook_service` role, so grants are tested
too), the app in-process with a recording Stripe client, and an httpx client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.support import db
from tests.support.stripe_recorder import RecordingHTTPClient
from tests.webhook.helpers import WEBHOOK_SECRET
from webhook.app import create_app
from webhook.config import Settings


def settings_for(database_url: str, **overrides: Any) -> Settings:
    base = {
        "database_url": database_url,
        "jwt_secret": db.JWT_SECRET,
        "stripe_secret_key": "sk_test_courtbook",
        "stripe_publishable_key": "pk_test_courtbook",
        "stripe_webhook_secret": WEBHOOK_SECRET,
        "stripe_livemode": False,
        "db_timeout": 2.0,
        "stripe_max_retries": 0,
    }
    base.update(overrides)
    return Settings(**base)


def service_url(superuser_url: str) -> str:
    return db.url_for(superuser_url.rsplit("/", 1)[1], user="webhook_service")


@pytest.fixture(scope="module")
def db_url(courtbook_db: str) -> str:
    return courtbook_db


@pytest.fixture(scope="module")
def settings(db_url: str) -> Settings:
    return settings_for(service_url(db_url))


@pytest.fixture
def recorder() -> RecordingHTTPClient:
    return RecordingHTTPClient()


@pytest.fixture
async def client(
    settings: Settings, recorder: RecordingHTTPClient
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, stripe_http_client=recorder)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://webhook") as c:
            yield c
