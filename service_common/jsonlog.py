"""JSON lines on stdout, one format for every process: `ts` (UTC, ISO 8601 with
milliseconds), `level`, `logger`, `msg`, `service`, the record's `extra` fields,
and `exc` when there is a traceback."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import Any

import orjson

# LogRecord's own attributes: everything else on a record is an `extra` field.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "service": self.service,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key != "color_message":
                line[key] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def install(service: str, level: int | str = logging.INFO) -> None:
    """Every record of the process to stdout as one JSON line; uvicorn's loggers
    propagate to it, and its access log is off (each service logs its own requests)."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if isinstance(level, str) else level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """One structured line: `event` names what happened, fields say about what."""
    # LogRecord's own attribute names (args, msg, name, ...) cannot be extra fields.
    safe = {(f"{k}_" if k in _STANDARD else k): v for k, v in fields.items()}
    logger.log(level, event, extra={"event": event, **safe})
