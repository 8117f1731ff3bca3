"""Push through Firebase Cloud Messaging HTTP v1 (FCM_PROJECT_ID, FCM_SERVICE_ACCOUNT_JSON).

FCM_SERVICE_ACCOUNT_JSON is the service account key file's JSON (or a path to
it). An OAuth2 access token is obtained with a signed JWT (grant type
jwt-bearer) and cached until shortly before it expires. One request per device
token (the v1 API addresses one token per message); the message counts as
delivered when at least one device took it. Tokens FCM reports as unregistered
are skipped, not retried.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import httpx
import jwt

from worker.notify.base import DeliveryError, Message, raise_for_status

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
DEFAULT_BASE = "https://fcm.googleapis.com"


def encode_jwt(claims: dict[str, Any], pem: str, key_id: str | None = None) -> str:
    """The service account's RS256-signed assertion (PyJWT with `cryptography`)."""
    headers = {"kid": key_id} if key_id else None
    return jwt.encode(claims, pem, algorithm="RS256", headers=headers)


def load_service_account(value: str) -> dict[str, Any]:
    if value.lstrip().startswith("{"):
        return json.loads(value)
    with open(value, encoding="utf-8") as f:
        return json.load(f)


class FcmNotifier:
    channel = "push"

    def __init__(
        self,
        http: httpx.AsyncClient,
        project_id: str,
        service_account: dict[str, Any],
        base_url: str | None = None,
        token_url: str | None = None,
    ):
        self.http, self.project_id, self.account = http, project_id, service_account
        self.base_url = (base_url or DEFAULT_BASE).rstrip("/")
        self.token_url = (
            token_url or service_account.get("token_uri") or "https://oauth2.googleapis.com/token"
        )
        self._token: tuple[str, float] | None = None

    def can_send(self, message: Message) -> bool:
        return bool(message.push_tokens)

    async def access_token(self) -> str:
        if self._token and self._token[1] > time.time() + 60:
            return self._token[0]
        now = int(time.time())
        assertion = encode_jwt(
            {
                "iss": self.account["client_email"],
                "scope": SCOPE,
                "aud": self.token_url,
                "iat": now,
                "exp": now + 3600,
            },
            self.account["private_key"],
            key_id=self.account.get("private_key_id"),
        )
        try:
            response = await self.http.post(
                self.token_url,
                data={
                    "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion": assertion,
                },
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"Google OAuth unreachable: {exc}", transient=True) from exc
        raise_for_status("Google OAuth", response.status_code, response.text)
        body = response.json()
        self._token = (body["access_token"], now + int(body.get("expires_in", 3600)))
        return self._token[0]

    def request_body(self, message: Message, token: str) -> dict[str, Any]:
        # The notification's id is its dedup key on the device: a redelivered push
        # (at least once: docs/worker.md, "Delivery guarantees") replaces the one shown
        # instead of stacking: Android's notification tag, APNs' collapse id; the app
        # sees data.notification_id. No Android collapse_key: FCM keeps at most four
        # collapse keys per device, so one per notification could drop messages.
        dedup = f"n{message.notification_id}"
        return {
            "message": {
                "token": token,
                "notification": {"title": message.title, "body": message.body},
                "data": {**message.data, "notification_id": str(message.notification_id)},
                "android": {"notification": {"tag": dedup}},
                "apns": {"headers": {"apns-collapse-id": dedup}},
            }
        }

    async def send(self, message: Message) -> dict[str, Any]:
        access = await self.access_token()
        url = f"{self.base_url}/v1/projects/{self.project_id}/messages:send"
        names: list[str] = []
        errors: list[DeliveryError] = []
        for token in message.push_tokens:
            try:
                response = await self.http.post(
                    url,
                    json=self.request_body(message, token),
                    headers={"Authorization": f"Bearer {access}"},
                )
                raise_for_status("FCM", response.status_code, response.text)
                names.append(response.json().get("name", ""))
            except httpx.HTTPError as exc:
                errors.append(DeliveryError(f"FCM unreachable: {exc}", transient=True))
            except DeliveryError as exc:
                errors.append(exc)
        if names:
            return {"channel": "push", "messages": names, "failed_tokens": len(errors)}
        transient = any(e.transient for e in errors)
        raise DeliveryError(
            "; ".join(str(e) for e in errors) or "no device token", transient=transient
        )


def from_env(http: httpx.AsyncClient) -> FcmNotifier | None:
    project, account = os.environ.get("FCM_PROJECT_ID"), os.environ.get("FCM_SERVICE_ACCOUNT_JSON")
    if not project or not account:
        return None
    return FcmNotifier(
        http,
        project,
        load_service_account(account),
        base_url=os.environ.get("FCM_API_BASE"),
        token_url=os.environ.get("FCM_TOKEN_URL"),
    )
