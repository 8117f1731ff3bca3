"""Settings from the environment (twelve-factor); see .env.example."""

from __future__ import annotations

import os
from dataclasses import dataclass


class ConfigError(RuntimeError):
    pass


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"not a boolean: {value!r}")


@dataclass(frozen=True)
class Settings:
    database_url: str
    jwt_secret: str
    stripe_secret_key: str
    stripe_publishable_key: str
    stripe_webhook_secret: str
    stripe_api_base: str | None = None  # only to point at a local Stripe
    stripe_livemode: bool = False  # events of the other mode are ignored
    connect_refresh_url: str = "http://127.0.0.1:8000/payments/connect/refresh"
    connect_return_url: str = "http://127.0.0.1:8000/payments/connect/return"
    sentry_dsn: str | None = None
    log_level: str = "INFO"
    db_pool_min: int = 1
    db_pool_max: int = 10
    db_timeout: float = 5.0  # seconds to wait for a connection before answering 503
    stripe_timeout: float = 20.0
    stripe_max_retries: int = 2  # safe: every request carries an idempotency key

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = dict(os.environ if env is None else env)

        def need(name: str) -> str:
            value = e.get(name, "").strip()
            if not value:
                raise ConfigError(f"{name} is not set")
            return value

        secret = need("JWT_SECRET")
        if len(secret) < 32:
            raise ConfigError("JWT_SECRET must be at least 32 characters")
        return cls(
            database_url=need("DATABASE_URL"),
            jwt_secret=secret,
            stripe_secret_key=need("STRIPE_SECRET_KEY"),
            stripe_publishable_key=need("STRIPE_PUBLISHABLE_KEY"),
            stripe_webhook_secret=need("STRIPE_WEBHOOK_SECRET"),
            stripe_api_base=e.get("STRIPE_API_BASE", "").strip() or None,
            stripe_livemode=_bool(e.get("STRIPE_LIVEMODE"), False),
            connect_refresh_url=e.get("STRIPE_CONNECT_REFRESH_URL", "").strip()
            or cls.connect_refresh_url,
            connect_return_url=e.get("STRIPE_CONNECT_RETURN_URL", "").strip()
            or cls.connect_return_url,
            sentry_dsn=e.get("SENTRY_DSN", "").strip() or None,
            log_level=e.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
            db_pool_min=int(e.get("WEBHOOK_DB_POOL_MIN", "1")),
            db_pool_max=int(e.get("WEBHOOK_DB_POOL_MAX", "10")),
            db_timeout=float(e.get("WEBHOOK_DB_TIMEOUT", "5")),
        )
