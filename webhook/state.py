"""What a request handler needs, built once per process by the app's lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from webhook.config import Settings
from webhook.db import Database
from webhook.stripe_client import StripeGateway


@dataclass
class Services:
    settings: Settings
    db: Database
    stripe: StripeGateway


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]
