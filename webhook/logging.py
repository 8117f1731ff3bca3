"""The webhook service's logs: service_common.jsonlog's JSON lines."""

from __future__ import annotations

from service_common import jsonlog


def setup(level: str = "INFO") -> None:
    jsonlog.install("webhook", level)
