"""Email through SendGrid's v3 Mail Send API (SENDGRID_API_KEY, NOTIFY_EMAIL_FROM)."""

from __future__ import annotations

from typing import Any

import httpx

from worker.notify.base import DeliveryError, Message, raise_for_status

DEFAULT_BASE = "https://api.sendgrid.com"


class SendGridNotifier:
    channel = "email"

    def __init__(
        self, http: httpx.AsyncClient, api_key: str, sender: str, base_url: str | None = None
    ):
        self.http, self.api_key, self.sender = http, api_key, sender
        self.base_url = (base_url or DEFAULT_BASE).rstrip("/")

    def can_send(self, message: Message) -> bool:
        return bool(message.email)

    def request_body(self, message: Message) -> dict[str, Any]:
        return {
            "personalizations": [{"to": [{"email": message.email}]}],
            "from": {"email": self.sender},
            "subject": message.title,
            "content": [{"type": "text/plain", "value": message.body}],
            # SendGrid's Mail Send has no idempotency key: a redelivered notification is a
            # second email. Our id travels with both (Email Activity, Event Webhook), so
            # support sees they are one notification (docs/worker.md, "Delivery guarantees").
            "custom_args": {"notification_id": str(message.notification_id)},
            "categories": [message.kind],
        }

    async def send(self, message: Message) -> dict[str, Any]:
        try:
            response = await self.http.post(
                f"{self.base_url}/v3/mail/send",
                json=self.request_body(message),
                headers={"Authorization": f"Bearer {self.api_key}"},
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"SendGrid unreachable: {exc}", transient=True) from exc
        raise_for_status("SendGrid", response.status_code, response.text)
        return {"channel": "email", "message_id": response.headers.get("X-Message-Id")}
