"""The local default: the message goes to the log as one JSON line."""

from __future__ import annotations

import logging
from typing import Any

from worker.logging import log_event
from worker.notify.base import Message

logger = logging.getLogger("worker.notify")


class LogNotifier:
    channel = "log"

    def can_send(self, message: Message) -> bool:
        return True

    async def send(self, message: Message) -> dict[str, Any]:
        log_event(
            logger,
            logging.INFO,
            "notification",
            notification_id=message.notification_id,
            kind=message.kind,
            title=message.title,
            body=message.body,
            email=message.email,
        )
        return {"channel": "log"}
