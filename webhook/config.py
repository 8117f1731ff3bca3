"""Settings from the environment (twelve-factor); see .env.example."""

from __future__ import annotations

import os
from dataclasses import dataclass

from service_common.stripe_config import StripeConfig, StripeConfigError


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
    # false behind a transaction-mode pooler (PgBouncer < 1.21): psycopg never prepares.
    db_prepared_statements: bool = True
    stripe_timeout: float = StripeConfig.timeout_seconds
    stripe_max_retries: int = StripeConfig.max_network_retries  # every request has a key
    # Stripe-Version of ephemeral keys: the API version Stripe's mobile SDKs pin.
    stripe_mobile_api_version: str = "2020-08-27"

    def stripe_config(self) -> StripeConfig:
        return StripeConfig(
            secret_key=self.stripe_secret_key,
            api_base=self.stripe_api_base,
            timeout_seconds=self.stripe_timeout,
            max_network_retries=self.stripe_max_retries,
        )

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
        database_url = need("DATABASE_URL")
        try:
            stripe_config = StripeConfig.from_env(e)  # the variables the worker reads too
        except StripeConfigError as exc:
            raise ConfigError(str(exc)) from exc
        return cls(
            database_url=database_url,
            jwt_secret=secret,
            stripe_secret_key=stripe_config.secret_key,
            stripe_publishable_key=need("STRIPE_PUBLISHABLE_KEY"),
            stripe_webhook_secret=need("STRIPE_WEBHOOK_SECRET"),
            stripe_api_base=stripe_config.api_base,
            stripe_timeout=stripe_config.timeout_seconds,
            stripe_max_retries=stripe_config.max_network_retries,
            stripe_livemode=_bool(e.get("STRIPE_LIVEMODE"), False),
            stripe_mobile_api_version=e.get("STRIPE_MOBILE_API_VERSION", "").strip()
            or cls.stripe_mobile_api_version,
            connect_refresh_url=e.get("STRIPE_CONNECT_REFRESH_URL", "").strip()
            or cls.connect_refresh_url,
            connect_return_url=e.get("STRIPE_CONNECT_RETURN_URL", "").strip()
            or cls.connect_return_url,
            sentry_dsn=e.get("SENTRY_DSN", "").strip() or None,
            log_level=e.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
            db_pool_min=int(e.get("WEBHOOK_DB_POOL_MIN", "1")),
            db_pool_max=int(e.get("WEBHOOK_DB_POOL_MAX", "10")),
            db_timeout=float(e.get("WEBHOOK_DB_TIMEOUT", "5")),
            db_prepared_statements=_bool(e.get("WEBHOOK_DB_PREPARED_STATEMENTS"), True),
        )
