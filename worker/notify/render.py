"""The text of each notification kind (docs/internal-contract.md lists the kinds)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from worker.notify.base import Message


def _money(payload: dict[str, Any]) -> str:
    cents, currency = payload.get("amount_cents"), payload.get("currency")
    if cents is None or not currency:
        return ""
    return f" ({int(cents) / 100:.2f} {currency})"


def _local_time(payload: dict[str, Any], key: str) -> str:
    """An ISO instant of the payload as the venue's wall-clock time ("18:30"), else as is."""
    value = payload.get(key)
    if not value:
        return ""
    try:
        instant = datetime.fromisoformat(str(value))
        return instant.astimezone(ZoneInfo(str(payload.get("timezone") or "UTC"))).strftime("%H:%M")
    except (ValueError, ZoneInfoNotFoundError):
        return str(value)


TEMPLATES: dict[str, tuple[str, str]] = {
    "booking_confirmed": (
        "Booking confirmed",
        "Your booking #{booking} is confirmed. See you on court!",
    ),
    "booking_cancelled": ("Booking cancelled", "Booking #{booking} has been cancelled."),
    "hold_expired": (
        "Hold expired",
        "Your hold for booking #{booking} expired before payment; the slots were released.",
    ),
    "payment_refunded_slot_taken": (
        "Payment refunded",
        "Your payment for booking #{booking} arrived after the slot was taken;"
        " it is being refunded in full.",
    ),
    "refund_issued": ("Refund issued", "A refund{money} for booking #{booking} is on its way."),
    "payment_disputed": (
        "Payment disputed",
        "The payment{money} for booking #{booking} is disputed ({reason}). Respond in Stripe{due}.",
    ),
    "dispute_closed": (
        "Dispute closed",
        "The dispute{money} of booking #{booking} is closed: {status}.",
    ),
    # venue publication (functions/admin/review_venue.sql), to the venue's owner
    "venue_published": (
        "Your venue is live",
        "{venue_name} is published: players can now find and book it.",
    ),
    "venue_rejected": (
        "Your venue was not published",
        "{venue_name} was not published. The reviewer's note: {note}",
    ),
    "waitlist_offer": (
        "A court is free for you",
        "The slot you were waiting for is held for you (booking #{booking}{money})"
        " until {offer_until}: pay to keep it, or it goes to the next player waiting.",
    ),
}


def render(notification: dict[str, Any]) -> Message:
    payload: dict[str, Any] = notification.get("payload") or {}
    kind = notification["kind"]
    title, body = TEMPLATES.get(kind, (kind.replace("_", " ").capitalize(), "{kind}"))
    values = {
        "booking": notification.get("booking_id") or "",
        "money": _money(payload),
        "kind": kind,
        "reason": str(payload.get("reason") or "no reason given").replace("_", " "),
        "status": str(payload.get("status") or "").replace("_", " "),
        "due": f" before {payload['evidence_due_by']}" if payload.get("evidence_due_by") else "",
        "offer_until": _local_time(payload, "offer_until"),
        "venue_name": str(payload.get("venue_name") or "Your venue"),
        "note": str(payload.get("note") or "none given"),
    }
    data = {"kind": kind, "notification_id": str(notification["notification_id"])}
    if notification.get("booking_id") is not None:
        data["booking_id"] = str(notification["booking_id"])
    return Message(
        notification_id=notification["notification_id"],
        kind=kind,
        title=str(payload.get("title") or title),
        body=str(payload.get("body") or body.format(**values)),
        email=notification.get("email"),
        phone=payload.get("phone") or notification.get("phone"),
        push_tokens=list(notification.get("push_tokens") or []),
        data=data,
    )
