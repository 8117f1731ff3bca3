"""The worker's logs: service_common.jsonlog's JSON lines (LOG_LEVEL, default info)."""

from __future__ import annotations

import logging
import os

from service_common import jsonlog
from service_common.jsonlog import log_event

__all__ = ["configure_logging", "log_event"]


def configure_logging(level: str | None = None) -> None:
    """Send every log record to stdout as one JSON line."""
    jsonlog.install("worker", level or os.environ.get("LOG_LEVEL", "info"))
    # procrastinate logs every poll at debug; its info lines (job started/ended) stay.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("stripe").setLevel(logging.WARNING)
