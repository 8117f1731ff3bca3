"""SMS through Twilio's Messages API (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)."""

from __future__ import annotations

from typing import Any

import httpx

from worker.notify.base import DeliveryError, Message, raise_for_status

DEFAULT_BASE = "https://api.twilio.com"


class TwilioNotifier:
    channel = "sms"

    def __init__(
        self,
        http: httpx.AsyncClient,
        account_sid: str,
        auth_token: str,
        sender: str,
        base_url: str | None = None,
    ):
        self.http, self.account_sid, self.auth_token, self.sender = (
            http,
            account_sid,
            auth_token,
            sender,
        )
        self.base_url = (base_url or DEFAULT_BASE).rstrip("/")

    def can_send(self, message: Message) -> bool:
        return bool(message.phone)

    async def send(self, message: Message) -> dict[str, Any]:
        try:
            response = await self.http.post(
                f"{self.base_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json",
                data={
                    "To": message.phone or "",
                    "From": self.sender,
                    "Body": f"{message.title}: {message.body}",
                },
                auth=(self.account_sid, self.auth_token),
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"Twilio unreachable: {exc}", transient=True) from exc
        raise_for_status("Twilio", response.status_code, response.text)
        return {"channel": "sms", "sid": response.json().get("sid")}
