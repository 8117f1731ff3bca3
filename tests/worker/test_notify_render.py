"""What a notification row becomes: the recipient's own phone number reaches SMS."""

from __future__ import annotations

from worker.notify.render import render


def row(**extra: object) -> dict[str, object]:
    return {
        "notification_id": 7,
        "kind": "refund_issued",
        "booking_id": 42,
        "payload": {"amount_cents": 3600, "currency": "EUR"},
        "email": "ana@example.test",
        "push_tokens": [],
        **extra,
    }


def test_the_account_phone_is_the_sms_recipient() -> None:
    message = render(row(phone="+34600000001"))
    assert message.phone == "+34600000001"
    assert "36.00 EUR" in message.body and "#42" in message.body


def test_a_phone_in_the_payload_wins_and_none_means_no_sms() -> None:
    assert (
        render(row(phone="+34600000001", payload={"phone": "+15550000000"})).phone == "+15550000000"
    )
    assert render(row(phone=None)).phone is None


def test_dispute_notifications_say_what_and_until_when() -> None:
    opened = render(
        row(
            kind="payment_disputed",
            payload={
                "amount_cents": 2500,
                "currency": "EUR",
                "reason": "product_not_received",
                "status": "needs_response",
                "evidence_due_by": "2026-12-20T23:59:59+00:00",
            },
        )
    )
    assert opened.title == "Payment disputed"
    assert "25.00 EUR" in opened.body and "product not received" in opened.body
    assert "before 2026-12-20" in opened.body
    closed = render(row(kind="dispute_closed", payload={"status": "lost", "amount_cents": 2500}))
    assert closed.title == "Dispute closed" and closed.body.endswith("closed: lost.")
