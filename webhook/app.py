"""The ASGI app `webhook.app:app`.

Routes: POST /payments/intent, POST /payments/balance, POST /payments/connect/onboarding,
POST /stripe/webhook, GET /health. Every error is PostgREST's JSON shape
(webhook/errors.py). Settings come from the environment when the app starts
(`create_app()` takes them explicitly in tests, with a recording Stripe HTTP
client).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
import psycopg_pool
import stripe
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from webhook import logging as json_logging
from webhook.config import Settings
from webhook.db import Database, make_pool
from webhook.errors import ApiError, from_db_error, response
from webhook.middleware import RequestLog
from webhook.routes import connect, health, payments, stripe_webhook
from webhook.state import Services
from webhook.stripe_client import StripeGateway

log = logging.getLogger("webhook.app")


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return response(exc)


async def _db_error(request: Request, exc: Exception) -> Response:
    err = from_db_error(exc)
    if err.status >= 500:
        log.error("database error", extra={"path": request.url.path, "error": repr(exc)})
    return response(err)


async def _stripe_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, stripe.StripeError)
    log.error("stripe error", extra={"path": request.url.path, "error": repr(exc)})
    if isinstance(exc, stripe.APIConnectionError):
        err = ApiError(503, "payment_provider_unavailable", "Stripe cannot be reached; try again")
    else:
        err = ApiError(
            502, "payment_provider_error", "Stripe refused the request", exc.user_message or None
        )
    return response(err)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        err = ApiError(404, "PGRST125", "Invalid path specified in request URL")
    elif exc.status_code == 405:
        err = ApiError(405, "PGRST117", f"Unsupported HTTP method: {request.method}")
    else:
        err = ApiError(exc.status_code, str(exc.status_code), str(exc.detail))
    err.headers = list((exc.headers or {}).items())
    return response(err)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", extra={"path": request.url.path})
    return response(ApiError(500, "internal_error", "Unexpected error"))


def _init_sentry(settings: Settings) -> None:
    if not settings.sentry_dsn:
        return
    try:
        import sentry_sdk
    except ImportError:
        log.warning("SENTRY_DSN is set but sentry-sdk is not installed")
        return
    sentry_sdk.init(dsn=settings.sentry_dsn)


def create_app(
    settings: Settings | None = None, stripe_http_client: stripe.HTTPClient | None = None
) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        s = settings or Settings.from_env()
        if settings is None:
            json_logging.setup(s.log_level)
            _init_sentry(s)
        pool = make_pool(s)
        await pool.open(wait=False)
        gateway = StripeGateway(s, stripe_http_client)
        app.state.services = Services(settings=s, db=Database(pool), stripe=gateway)
        try:
            yield
        finally:
            await gateway.close()
            await pool.close()

    return Starlette(
        routes=[
            Route("/payments/intent", payments.create_intent, methods=["POST"]),
            Route("/payments/balance", payments.pay_balance, methods=["POST"]),
            Route("/payments/connect/onboarding", connect.onboarding, methods=["POST"]),
            Route("/stripe/webhook", stripe_webhook.receive, methods=["POST"]),
            Route("/health", health.health, methods=["GET"]),
        ],
        middleware=[Middleware(RequestLog)],
        exception_handlers={
            ApiError: _api_error,
            psycopg.Error: _db_error,
            psycopg_pool.PoolTimeout: _db_error,
            stripe.StripeError: _stripe_error,
            HTTPException: _http_error,
            Exception: _unexpected,
        },
        lifespan=lifespan,
    )


app = create_app()
