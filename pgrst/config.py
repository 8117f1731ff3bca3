"""PostgREST-compatible configuration read from PGRST_* environment variables."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

VERSION = "13.0.8"


class ConfigError(Exception):
    """Invalid configuration: pgrst refuses to start, like PostgREST."""


@dataclass
class Config:
    db_uri: str = "postgresql://"
    db_schemas: list[str] = field(default_factory=lambda: ["public"])
    db_anon_role: str | None = None
    jwt_secret: str | None = None
    jwt_aud: str | None = None
    jwt_role_claim_key: list[str | int] = field(default_factory=lambda: ["role"])
    db_pre_request: tuple[str, str] | None = None
    db_max_rows: int | None = None
    db_pool: int = 10
    db_pool_acquisition_timeout: float = 10.0
    db_tx_end: str = "commit"
    db_extra_search_path: list[str] = field(default_factory=lambda: ["public"])
    db_channel: str = "pgrst"
    db_channel_enabled: bool = True
    # PostgREST's db-prepared-statements: false behind a transaction-mode pooler (PgBouncer
    # before 1.21), where a named statement prepared on one server connection is missing
    # (or already exists) on the next one.
    db_prepared_statements: bool = True
    openapi_mode: str = "follow-privileges"
    server_host: str = "!4"
    server_port: int = 3000
    admin_server_port: int | None = None
    app_settings: dict[str, str] = field(default_factory=dict)
    server_cors_allowed_origins: list[str] = field(default_factory=list)
    max_body_bytes: int = 10 * 1024 * 1024
    log_level: str = "error"

    @property
    def tx_allow_override(self) -> bool:
        return self.db_tx_end.endswith("-allow-override")

    @property
    def tx_default_rollback(self) -> bool:
        return self.db_tx_end.startswith("rollback")


_ROLE_PATH_TOKEN = re.compile(r'\.(?:"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_$@\-]+))|\[(\d+)\]')


def parse_role_claim_key(text: str) -> list[str | int]:
    """Parse a jwt-role-claim-key path like `.role`, `.a.b[0]`, `."https://x/r"`."""
    text = text.strip()
    pos = 0
    steps: list[str | int] = []
    while pos < len(text):
        m = _ROLE_PATH_TOKEN.match(text, pos)
        if not m:
            raise ConfigError(f"invalid jwt-role-claim-key: {text!r}")
        if m.group(1) is not None:
            steps.append(m.group(1).replace('\\"', '"'))
        elif m.group(2) is not None:
            steps.append(m.group(2))
        else:
            steps.append(int(m.group(3)))
        pos = m.end()
    if not steps:
        raise ConfigError(f"invalid jwt-role-claim-key: {text!r}")
    return steps


def _read_at_file(value: str) -> str:
    if value.startswith("@"):
        with open(value[1:], encoding="utf-8") as fh:
            return fh.read().strip()
    return value


def _int(env: Mapping[str, str], key: str) -> int | None:
    raw = env.get(key, "").strip()
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{key} must be an integer, got {raw!r}") from exc


def load_config(env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env

    def get(key: str) -> str | None:
        val = env.get("PGRST_" + key)
        if val is None or val == "":
            return None
        return val

    cfg = Config()
    if (v := get("DB_URI")) is not None:
        cfg.db_uri = _read_at_file(v)
    schemas = get("DB_SCHEMAS") or get("DB_SCHEMA")
    if schemas:
        cfg.db_schemas = [s.strip() for s in schemas.split(",") if s.strip()]
    cfg.db_anon_role = get("DB_ANON_ROLE")
    if (v := get("JWT_SECRET")) is not None:
        secret = _read_at_file(v)
        if len(secret) < 32 and not secret.lstrip().startswith("{"):
            raise ConfigError("The JWT secret must be at least 32 characters long.")
        cfg.jwt_secret = secret
    if (v := get("JWT_AUD")) is not None:
        if ":" in v and not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$", v):
            raise ConfigError("jwt-aud should be a string or a valid URI")
        cfg.jwt_aud = v
    if (v := get("JWT_ROLE_CLAIM_KEY")) is not None:
        cfg.jwt_role_claim_key = parse_role_claim_key(v)
    if (v := get("DB_PRE_REQUEST")) is not None:
        if "." in v:
            sch, fn = v.split(".", 1)
        else:
            sch, fn = cfg.db_schemas[0], v
        cfg.db_pre_request = (sch.strip('"'), fn.strip('"'))
    cfg.db_max_rows = _int(env, "PGRST_DB_MAX_ROWS")
    if (n := _int(env, "PGRST_DB_POOL")) is not None:
        cfg.db_pool = max(1, n)
    if (n := _int(env, "PGRST_DB_POOL_ACQUISITION_TIMEOUT")) is not None:
        cfg.db_pool_acquisition_timeout = float(n)
    if (v := get("DB_TX_END")) is not None:
        allowed = ("commit", "commit-allow-override", "rollback", "rollback-allow-override")
        if v not in allowed:
            raise ConfigError(f"db-tx-end must be one of {', '.join(allowed)}")
        cfg.db_tx_end = v
    if (v := get("DB_EXTRA_SEARCH_PATH")) is not None:
        cfg.db_extra_search_path = [s.strip() for s in v.split(",") if s.strip()]
    if (v := get("DB_CHANNEL")) is not None:
        cfg.db_channel = v
    if (v := get("DB_CHANNEL_ENABLED")) is not None:
        cfg.db_channel_enabled = v.lower() in ("true", "1", "yes", "on")
    if (v := get("DB_PREPARED_STATEMENTS")) is not None:
        cfg.db_prepared_statements = v.lower() in ("true", "1", "yes", "on")
    if (v := get("OPENAPI_MODE")) is not None:
        cfg.openapi_mode = v
    if (v := get("SERVER_HOST")) is not None:
        cfg.server_host = v
    if (n := _int(env, "PGRST_SERVER_PORT")) is not None:
        cfg.server_port = n
    cfg.admin_server_port = _int(env, "PGRST_ADMIN_SERVER_PORT")
    if (v := get("SERVER_CORS_ALLOWED_ORIGINS")) is not None:
        cfg.server_cors_allowed_origins = [o.strip() for o in v.split(",") if o.strip()]
    if (n := _int(env, "PGRST_SERVER_MAX_BODY_BYTES")) is not None:
        cfg.max_body_bytes = n
    if (v := get("LOG_LEVEL")) is not None:
        cfg.log_level = v
    for key, val in env.items():
        if key.startswith("PGRST_APP_SETTINGS_") and len(key) > len("PGRST_APP_SETTINGS_"):
            name = key[len("PGRST_APP_SETTINGS_") :].lower()
            cfg.app_settings["app.settings." + name] = val
    return cfg


def bind_host(server_host: str) -> str:
    """Translate PostgREST's special host values into a bind address."""
    if server_host in ("!4", "*4", "*"):
        return "0.0.0.0"
    if server_host in ("!6", "*6"):
        return "::"
    return server_host
