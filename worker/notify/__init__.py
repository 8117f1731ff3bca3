"""Notification adapters, chosen by configuration.

One row is delivered through ONE channel: push when FCM is configured and the
user has a device, else email when SendGrid is configured, else SMS when Twilio
is configured and the payload carries a phone number, else the log (the local
default). A payload may force a channel with "channel": "push"|"email"|"sms"|"log".
"""

from __future__ import annotations

import os

import httpx

from worker.notify import fcm
from worker.notify.base import DeliveryError, Message, Notifier
from worker.notify.log import LogNotifier
from worker.notify.sendgrid import SendGridNotifier
from worker.notify.twilio import TwilioNotifier

__all__ = ["DeliveryError", "Message", "Notifier", "configured_notifiers", "choose"]


def configured_notifiers(http: httpx.AsyncClient) -> list[Notifier]:
    env = os.environ
    notifiers: list[Notifier] = []
    push = fcm.from_env(http)
    if push:
        notifiers.append(push)
    if env.get("SENDGRID_API_KEY") and env.get("NOTIFY_EMAIL_FROM"):
        notifiers.append(
            SendGridNotifier(
                http,
                env["SENDGRID_API_KEY"],
                env["NOTIFY_EMAIL_FROM"],
                base_url=env.get("SENDGRID_API_BASE"),
            )
        )
    if env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN") and env.get("TWILIO_FROM"):
        notifiers.append(
            TwilioNotifier(
                http,
                env["TWILIO_ACCOUNT_SID"],
                env["TWILIO_AUTH_TOKEN"],
                env["TWILIO_FROM"],
                base_url=env.get("TWILIO_API_BASE"),
            )
        )
    notifiers.append(LogNotifier())
    return notifiers


def choose(notifiers: list[Notifier], message: Message, forced: str | None = None) -> Notifier:
    for notifier in notifiers:
        if forced and notifier.channel != forced:
            continue
        if notifier.can_send(message):
            return notifier
    return notifiers[-1] if not forced else choose(notifiers, message)
