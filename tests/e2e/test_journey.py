"""The player's journey of `make demo` (demo/journey.py) against the whole stack:
nginx, pgrst, the webhook service, the worker and a local Stripe, on free ports,
against a fresh database with the demo data. Then the rows it left, from the
database itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.e2e.helpers import rows
from tests.support.stack import Stack

ROOT = Path(__file__).resolve().parents[2]
STEPS = 13


def test_the_players_journey(stack: Stack, tmp_path: Path) -> None:
    summary_path = tmp_path / "summary.json"
    proc = subprocess.run(
        [
            sys.executable, "-m", "demo.journey",
            "--base", stack.base, "--stripe", stack.stripe.api_base,
            "--cacert", str(stack.cacert), "--stripe-key", stack.stripe.secret_key,
            "--summary-json", str(summary_path),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    report = f"{proc.stdout}\n{proc.stderr}\n{stack.logs()}"
    assert proc.returncode == 0, report

    # One line per step, then the totals.
    lines = proc.stdout.splitlines()
    assert len(lines) == STEPS + 1, report
    assert all(line.split()[0] == str(n) for n, line in enumerate(lines[:STEPS], 1)), report
    assert lines[-1].startswith("total ") and "backend share" in lines[-1], report
    assert "FAILED" not in proc.stdout and "note:" not in proc.stderr, report

    summary = json.loads(summary_path.read_text())
    assert summary["ok"] and len(summary["steps"]) == STEPS
    assert all(step["ok"] for step in summary["steps"])
    assert summary["backend_ms"] < summary["total_ms"]
    booking_id, amount = summary["booking_id"], summary["amount_cents"]
    assert summary["refund_cents"] == amount > 0

    db = stack.db_url
    [booking] = rows(
        db,
        "select b.status, b.amount_cents, b.confirmed_at, b.cancelled_at, u.email"
        " from data.booking b join data.app_user u on u.id = b.player_id where b.id = %s",
        booking_id,
    )
    assert booking["status"] == "cancelled" and booking["email"] == summary["email"]
    assert booking["amount_cents"] == amount
    assert booking["confirmed_at"] is not None and booking["cancelled_at"] is not None
    history = rows(
        db,
        "select from_status::text, to_status::text from data.booking_history"
        " where booking_id = %s order by id",
        booking_id,
    )
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "pending"),
        ("pending", "confirmed"),
        ("confirmed", "cancelled"),
    ]
    slots = rows(
        db,
        "select s.id, s.status::text, s.end_at, s.start_at, bs.active, s.court_id"
        " from data.booking_slot bs join data.slot s on s.id = bs.slot_id"
        " where bs.booking_id = %s order by s.start_at",
        booking_id,
    )
    assert [s["id"] for s in slots] == summary["slot_ids"]
    assert slots[0]["court_id"] == slots[1]["court_id"]
    assert slots[0]["end_at"] == slots[1]["start_at"]
    assert all(s["status"] == "available" and not s["active"] for s in slots)

    [payment] = rows(
        db,
        "select stripe_payment_intent_id, status::text, amount_cents from data.payment"
        " where booking_id = %s",
        booking_id,
    )
    assert payment["stripe_payment_intent_id"] == summary["payment_intent_id"]
    assert payment["status"] == "succeeded" and payment["amount_cents"] == amount
    events = rows(
        db,
        "select type, outcome, applied_at from data.stripe_event where object_id = %s"
        " and type = 'payment_intent.succeeded'",
        summary["payment_intent_id"],
    )
    assert len(events) == 1 and events[0]["applied_at"] is not None, events
    # The declined card before it: recorded, the booking kept, then paid on the same intent.
    [declined] = rows(
        db,
        "select outcome, applied_at from data.stripe_event where object_id = %s"
        " and type = 'payment_intent.payment_failed'",
        summary["payment_intent_id"],
    )
    assert declined["outcome"] == "payment_failed" and declined["applied_at"] is not None
    assert summary["decline_message"] == "Your card was declined."

    [refund] = rows(
        db,
        "select amount_cents, status::text, stripe_refund_id from data.refund"
        " where booking_id = %s",
        booking_id,
    )
    assert refund["amount_cents"] == amount
    assert refund["status"] == "succeeded" and refund["stripe_refund_id"], refund
