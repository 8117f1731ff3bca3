"""What every notification adapter shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Message:
    notification_id: int
    kind: str
    title: str
    body: str
    email: str | None = None
    phone: str | None = None
    push_tokens: list[str] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)


class DeliveryError(Exception):
    """The provider did not take the message. `transient`: worth another try later."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


class Notifier(Protocol):
    channel: str

    def can_send(self, message: Message) -> bool: ...

    async def send(self, message: Message) -> dict[str, Any]:
        """Deliver; returns what the provider said (ids). Raises DeliveryError."""
        ...


def raise_for_status(provider: str, status: int, text: str) -> None:
    if status < 300:
        return
    # 429 and 5xx: the provider may take it later; other 4xx: it never will.
    transient = status == 429 or status >= 500
    raise DeliveryError(f"{provider} answered {status}: {text[:300]}", transient=transient)
