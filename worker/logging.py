"""JSON-lines logging on stdout: one object per line, `extra` fields included."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from typing import Any

import orjson

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(level: str | None = None) -> None:
    """Send every log record to stdout as one JSON line (LOG_LEVEL, default info)."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel((level or os.environ.get("LOG_LEVEL", "info")).upper())
    # procrastinate logs every poll at debug; its info lines (job started/ended) stay.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("stripe").setLevel(logging.WARNING)


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """One structured line: `event` names what happened, fields say about what."""
    # LogRecord's own attribute names (args, msg, name, ...) cannot be extra fields.
    safe = {(f"{k}_" if k in _STANDARD else k): v for k, v in fields.items()}
    logger.log(level, event, extra={"event": event, **safe})
