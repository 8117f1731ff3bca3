"""The player's journey as the mobile app makes it, through nginx, timed step by step.

usage: .venv/bin/python -m demo.journey [--base https://127.0.0.1:8443]
           [--stripe http://127.0.0.1:8420] [--cacert PEM] [--wait-timeout 10]
           [--summary-json PATH]

sign up -> venues near a point -> the nearest venue -> open slots for tomorrow
(venue-local day) -> hold two consecutive slots of one court -> PaymentIntent ->
a declined card (the booking keeps its hold, GET /bookings shows Stripe's decline
message) -> pay again with another card on the same PaymentIntent in the local
Stripe -> the webhook confirms the booking ->
the booking seen confirmed in GET /bookings -> cancel inside the window ->
the refund recorded -> the refund carried out by the worker (seen in Stripe).

stdout: one line per step (number, name, kind, milliseconds, detail), then one
line of totals. The "backend share" is the sum of the requests made to courtbook
(nginx -> pgrst or the webhook service); the calls to Stripe and the waiting for
Stripe's webhook and for the worker are counted apart. Exit status 1, with the
failed step and why on stdout and stderr, when any step fails.

Paying: as the app's Stripe SDK does, with the publishable key and the
PaymentIntent's client secret from POST /payments/intent (confirm with
payment_method; the local Stripe's models accept that, as Stripe does). The
secret key (--stripe-key, default: STRIPE_SECRET_KEY, else sk_test_local) is
only used to read the PaymentIntent back at the end (the refund).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACERT = ROOT / ".run" / "nginx" / "cert.pem"
MADRID = (40.4168, -3.7038)
POLL_SECONDS = 0.1


class StepFailed(Exception):
    """A step of the journey did not get what the app expects."""


@dataclass
class StepResult:
    number: int
    name: str
    kind: str  # api (courtbook), stripe (the local Stripe) or wait (webhook / worker)
    ms: float
    ok: bool
    detail: str


@dataclass
class Summary:
    ok: bool = False
    steps: list[StepResult] = field(default_factory=list)
    total_ms: float = 0.0
    backend_ms: float = 0.0
    backend_requests: int = 0
    stripe_ms: float = 0.0
    wait_ms: float = 0.0
    email: str = ""
    user_id: str = ""
    venue_id: int = 0
    booking_id: int = 0
    slot_ids: list[int] = field(default_factory=list)
    amount_cents: int = 0
    currency: str = ""
    payment_intent_id: str = ""
    decline_message: str = ""
    refund_cents: int = 0
    failure: str = ""


def _parse_ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _body(resp: httpx.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return resp.text


class Journey:
    def __init__(
        self,
        base: str,
        stripe: str,
        verify: bool | str,
        stripe_key: str,
        wait_timeout: float,
        point: tuple[float, float] = MADRID,
    ) -> None:
        self.api = httpx.Client(base_url=base.rstrip("/"), verify=verify, timeout=10)
        self.stripe = httpx.Client(
            base_url=stripe.rstrip("/"),
            timeout=10,
            headers={"Authorization": f"Bearer {stripe_key}"},
        )
        self.wait_timeout = wait_timeout
        self.point = point
        self.token = ""
        self.s = Summary()
        self._step_backend_ms = 0.0
        self.venue_tz = "UTC"
        self.window = timedelta(0)
        self.pair: tuple[dict[str, Any], dict[str, Any]] | None = None
        self.client_secret = ""
        self.publishable_key = ""

    # -- requests -------------------------------------------------------------
    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        expect: int = 200,
        counted: bool = True,
    ) -> Any:
        """A request to courtbook through nginx, timed; `counted=False` for polling."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        started = time.perf_counter()
        try:
            resp = self.api.request(method, path, json=json_body, params=params, headers=headers)
        except httpx.HTTPError as exc:
            raise StepFailed(f"{method} {path}: {exc!r}") from exc
        ms = (time.perf_counter() - started) * 1000
        if counted:
            self.s.backend_ms += ms
            self.s.backend_requests += 1
            self._step_backend_ms += ms
        if resp.status_code != expect:
            raise StepFailed(
                f"{method} {path} answered {resp.status_code}: {str(_body(resp))[:300]}"
            )
        return _body(resp)

    def stripe_call(self, method: str, path: str, data: dict[str, str] | None = None) -> Any:
        try:
            resp = self.stripe.request(method, path, data=data)
        except httpx.HTTPError as exc:
            raise StepFailed(f"local Stripe {method} {path}: {exc!r}") from exc
        if resp.status_code != 200:
            raise StepFailed(
                f"local Stripe {method} {path} answered {resp.status_code}: "
                f"{str(_body(resp))[:300]}"
            )
        return resp.json()

    def my_booking(self, counted: bool) -> dict[str, Any]:
        rows = self.call(
            "GET", "/api/bookings", params={"id": f"eq.{self.s.booking_id}"}, counted=counted
        )
        if not isinstance(rows, list) or len(rows) != 1:
            raise StepFailed(f"GET /bookings?id=eq.{self.s.booking_id} answered {rows!r}")
        return rows[0]

    def poll(self, what: str, check: Callable[[], str | None]) -> str:
        """Call `check` until it answers a detail (not None), at most wait_timeout seconds."""
        deadline = time.monotonic() + self.wait_timeout
        while True:
            detail = check()
            if detail is not None:
                return detail
            if time.monotonic() > deadline:
                raise StepFailed(f"{what}: not seen within {self.wait_timeout:g} s")
            time.sleep(POLL_SECONDS)

    # -- the steps --------------------------------------------------------------
    def sign_up(self) -> str:
        email = f"demo-{uuid.uuid4().hex[:10]}@courtbook.test"
        password = f"demo-{uuid.uuid4().hex[:12]}-1"  # a letter and a digit, as signup asks
        out = self.call(
            "POST",
            "/api/rpc/signup",
            json_body={"email": email, "password": password, "full_name": "Demo Player"},
        )
        self.token = out["token"]
        self.s.email, self.s.user_id = email, out["user_id"]
        if out.get("role") != "player":
            raise StepFailed(f"signup answered role {out.get('role')!r}")
        return f"player {email}"

    def nearby(self) -> str:
        lat, lng = self.point
        venues = self.call(
            "POST", "/api/rpc/nearby_venues", json_body={"lat": lat, "lng": lng, "radius_km": 10}
        )
        if not venues:
            raise StepFailed(f"no venue within 10 km of {lat},{lng}")
        v = venues[0]
        self.s.venue_id = int(v["id"])
        self.venue_tz = str(v["timezone"])
        return (
            f"{len(venues)} venue(s); nearest: {v['name']} (id {v['id']}), "
            f"{float(v['distance_km']):.2f} km"
        )

    def venue(self) -> str:
        rows = self.call(
            "GET",
            "/api/venues",
            params={
                "id": f"eq.{self.s.venue_id}",
                "select": "id,name,timezone,currency,cancellation_window_minutes",
            },
        )
        if len(rows) != 1:
            raise StepFailed(f"GET /venues?id=eq.{self.s.venue_id} answered {rows!r}")
        self.window = timedelta(minutes=int(rows[0]["cancellation_window_minutes"]))
        return (
            f"{rows[0]['timezone']}, {rows[0]['currency']}, "
            f"free cancellation up to {int(rows[0]['cancellation_window_minutes'])} min before"
        )

    def _slots_for(self, day: date) -> list[dict[str, Any]]:
        tz = ZoneInfo(self.venue_tz)
        start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
        end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        return self.call(
            "POST",
            "/api/rpc/available_slots",
            json_body={
                "venue_id": self.s.venue_id,
                "from": start.isoformat(),
                "to": end.isoformat(),
            },
        )

    def _pair(self, slots: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Two consecutive slots of one court, the first one a refund is still due for."""
        latest_start = datetime.now().astimezone() + self.window + timedelta(minutes=10)
        by_court: dict[int, list[dict[str, Any]]] = {}
        for slot in slots:
            by_court.setdefault(int(slot["court_id"]), []).append(slot)
        pairs = []
        for court_slots in by_court.values():
            court_slots.sort(key=lambda x: _parse_ts(x["start_at"]))
            for a, b in zip(court_slots, court_slots[1:], strict=False):
                if _parse_ts(a["end_at"]) == _parse_ts(b["start_at"]) and (
                    _parse_ts(a["start_at"]) > latest_start
                ):
                    pairs.append((a, b))
        pairs.sort(key=lambda p: (_parse_ts(p[0]["start_at"]), int(p[0]["court_id"])))
        return pairs[0] if pairs else None

    def open_slots(self) -> str:
        today = datetime.now(ZoneInfo(self.venue_tz)).date()
        tomorrow = today + timedelta(days=1)
        slots = self._slots_for(tomorrow)
        pair = self._pair(slots)
        note = ""
        if pair is None:
            # Late in the day, tomorrow's slots may all start inside the no-refund
            # window: the demo cancels with a refund, so it books the day after.
            slots = self._slots_for(tomorrow + timedelta(days=1))
            pair = self._pair(slots)
            note = " (tomorrow is inside the no-refund window: day after tomorrow)"
        if pair is None:
            raise StepFailed(
                f"no two consecutive free slots of one court at venue {self.s.venue_id} "
                f"on {tomorrow} (venue-local day) or the day after"
            )
        self.pair = pair
        a, b = pair
        local = ZoneInfo(self.venue_tz)
        return (
            f"{len(slots)} free slots on {_parse_ts(a['start_at']).astimezone(local).date()}"
            f"{note}; court {a['court_id']} "
            f"{_parse_ts(a['start_at']).astimezone(local):%H:%M}-"
            f"{_parse_ts(a['end_at']).astimezone(local):%H:%M}-"
            f"{_parse_ts(b['end_at']).astimezone(local):%H:%M} local"
        )

    def hold(self) -> str:
        if self.pair is None:
            raise StepFailed("no slots chosen")
        ids = [int(self.pair[0]["slot_id"]), int(self.pair[1]["slot_id"])]
        out = self.call(
            "POST",
            "/api/rpc/hold_slots",
            json_body={"slot_ids": ids, "idempotency_key": f"demo-{uuid.uuid4()}"},
        )
        if out.get("status") != "pending" or sorted(out.get("slot_ids") or []) != sorted(ids):
            raise StepFailed(f"hold_slots answered {out!r}")
        expected = int(self.pair[0]["price_cents"]) + int(self.pair[1]["price_cents"])
        if int(out["amount_cents"]) != expected:
            raise StepFailed(f"hold amount {out['amount_cents']} is not {expected}")
        self.s.booking_id = int(out["booking_id"])
        self.s.slot_ids = ids
        self.s.amount_cents = int(out["amount_cents"])
        self.s.currency = str(out["currency"])
        return (
            f"booking {self.s.booking_id} pending, slots {ids[0]},{ids[1]}, "
            f"{self.s.amount_cents} {self.s.currency} cents, held until {out['held_until']}"
        )

    def intent(self) -> str:
        out = self.call("POST", "/payments/intent", json_body={"booking_id": self.s.booking_id})
        if int(out["amount_cents"]) != self.s.amount_cents or not out.get("client_secret"):
            raise StepFailed(f"/payments/intent answered {out!r}")
        self.s.payment_intent_id = str(out["payment_intent_id"])
        self.client_secret = str(out["client_secret"])
        self.publishable_key = str(out["publishable_key"])
        return f"{self.s.payment_intent_id}, publishable key {out['publishable_key']}"

    def confirm(self, payment_method: str) -> httpx.Response:
        """PaymentSheet's confirm: the publishable key and the client secret."""
        pi = self.s.payment_intent_id
        try:
            return self.stripe.post(
                f"/v1/payment_intents/{pi}/confirm",
                data={"client_secret": self.client_secret, "payment_method": payment_method},
                headers={"Authorization": f"Bearer {self.publishable_key}"},
            )
        except httpx.HTTPError as exc:
            raise StepFailed(f"local Stripe confirm {pi}: {exc!r}") from exc

    def declined(self) -> str:
        resp = self.confirm("pm_card_chargeDeclined")
        error = (_body(resp) or {}).get("error") if resp.status_code == 402 else None
        if not isinstance(error, dict) or error.get("code") != "card_declined":
            raise StepFailed(f"a declined card answered {resp.status_code}: {_body(resp)!r}")

        def check() -> str | None:
            row = self.my_booking(counted=False)
            if row["status"] != "pending":
                raise StepFailed(f"booking {self.s.booking_id} is {row['status']} after a decline")
            if row.get("payment_status") == "requires_payment_method" and row.get("payment_error"):
                self.s.decline_message = str(row["payment_error"])
                return (
                    f"402 {error['code']} ({error.get('decline_code')}); GET /bookings: pending,"
                    f" held until {row['held_until']}, payment_error {row['payment_error']!r}"
                )
            return None

        return self.poll("the decline in GET /bookings", check)

    def pay(self) -> str:
        resp = self.confirm("pm_card_visa")
        out = _body(resp)
        if resp.status_code != 200 or out.get("status") != "succeeded":
            raise StepFailed(f"the local Stripe answered {resp.status_code}: {str(out)[:300]}")
        return f"pm_card_visa on the same PaymentIntent, confirmed: {out['status']}"

    def wait_confirmed(self) -> str:
        def check() -> str | None:
            row = self.my_booking(counted=False)
            if row["status"] == "confirmed":
                return f"booking {self.s.booking_id} confirmed at {row['confirmed_at']}"
            if row["status"] == "cancelled":
                raise StepFailed(f"booking {self.s.booking_id} was cancelled: {row!r}")
            return None

        return self.poll("the webhook confirming the booking", check)

    def seen_confirmed(self) -> str:
        row = self.my_booking(counted=True)
        slot_ids = sorted(int(x["slot_id"]) for x in row["slots"])
        if (
            row["status"] != "confirmed"
            or row["payment_status"] != "succeeded"
            or slot_ids != sorted(self.s.slot_ids)
        ):
            raise StepFailed(f"GET /bookings answered {row!r}")
        return f"status confirmed, payment {row['payment_status']}, {len(slot_ids)} slots"

    def cancel(self) -> str:
        out = self.call(
            "POST",
            "/api/rpc/cancel_booking",
            json_body={"booking_id": self.s.booking_id, "reason": "demo: plans changed"},
        )
        if out.get("status") != "cancelled":
            raise StepFailed(f"cancel_booking answered {out!r}")
        self.s.refund_cents = int(out["refund_cents"])
        if self.s.refund_cents != self.s.amount_cents:
            raise StepFailed(
                f"cancel inside the window refunded {self.s.refund_cents}, "
                f"not {self.s.amount_cents}"
            )
        return f"cancelled, refund_cents {self.s.refund_cents}"

    def refund_recorded(self) -> str:
        row = self.my_booking(counted=True)
        refunds = row.get("refunds") or []
        if row["status"] != "cancelled" or not row.get("cancelled_at"):
            raise StepFailed(f"GET /bookings answered {row!r}")
        if sum(int(r["amount_cents"]) for r in refunds) != self.s.refund_cents:
            raise StepFailed(f"GET /bookings lists refunds {refunds!r}, not {self.s.refund_cents}")
        states = ",".join(str(r["status"]) for r in refunds)
        return (
            f"GET /bookings: cancelled at {row['cancelled_at']}, refund "
            f"{self.s.refund_cents} {self.s.currency} cents recorded ({states})"
        )

    def refund_done(self) -> str:
        pi = self.s.payment_intent_id

        def check() -> str | None:
            out = self.stripe_call("GET", f"/v1/payment_intents/{pi}")
            charges = (out.get("charges") or {}).get("data") or []
            refunded = sum(int(c.get("amount_refunded") or 0) for c in charges)
            seen = int(self.my_booking(counted=False).get("refunded_cents") or 0)
            if refunded >= self.s.amount_cents and seen >= self.s.amount_cents:
                return (
                    f"{refunded} {self.s.currency} cents refunded on {pi}; "
                    f"GET /bookings: refunded_cents {seen}"
                )
            return None

        return self.poll("the worker's refund in Stripe and in GET /bookings", check)

    # -- the run ------------------------------------------------------------------
    def run(self, out: Callable[[str], None] = print) -> Summary:
        steps: list[tuple[str, str, Callable[[], str]]] = [
            ("sign up a new player", "api", self.sign_up),
            ("venues near 40.4168,-3.7038", "api", self.nearby),
            ("open the nearest venue", "api", self.venue),
            ("free slots tomorrow (venue-local day)", "api", self.open_slots),
            ("hold two consecutive slots", "api", self.hold),
            ("PaymentIntent (POST /payments/intent)", "api", self.intent),
            ("a declined card keeps the hold", "wait", self.declined),
            ("pay again, another card (local Stripe)", "stripe", self.pay),
            ("webhook confirms the booking", "wait", self.wait_confirmed),
            ("booking confirmed in GET /bookings", "api", self.seen_confirmed),
            ("cancel inside the window", "api", self.cancel),
            ("refund recorded", "api", self.refund_recorded),
            ("refund carried out by the worker", "wait", self.refund_done),
        ]
        started = time.perf_counter()
        for number, (name, kind, fn) in enumerate(steps, start=1):
            self._step_backend_ms = 0.0
            t0 = time.perf_counter()
            try:
                detail = fn()
                ok = True
            except StepFailed as exc:
                detail, ok = f"FAILED: {exc}", False
            except (KeyError, TypeError, ValueError) as exc:
                detail, ok = f"FAILED: unexpected answer ({exc!r})", False
            ms = (time.perf_counter() - t0) * 1000
            if kind == "stripe":
                self.s.stripe_ms += ms
            elif kind == "wait":
                self.s.wait_ms += ms
            shown = self._step_backend_ms if kind == "api" else ms
            result = StepResult(number, name, kind, round(shown, 1), ok, detail)
            self.s.steps.append(result)
            out(f"{number:2d}  {name:<40} {kind:<6} {shown:8.1f} ms  {detail}")
            if not ok:
                self.s.failure = f"step {number} ({name}): {detail.removeprefix('FAILED: ')}"
                break
        self.s.total_ms = (time.perf_counter() - started) * 1000
        self.s.ok = not self.s.failure
        out(
            f"total {self.s.total_ms:.0f} ms; backend share {self.s.backend_ms:.0f} ms "
            f"({self.s.backend_requests} requests); Stripe {self.s.stripe_ms:.0f} ms; "
            f"waiting for the webhook and the worker {self.s.wait_ms:.0f} ms"
        )
        return self.s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="demo.journey", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--base", default="https://127.0.0.1:8443", help="nginx, https")
    parser.add_argument("--stripe", default="http://127.0.0.1:8420", help="the local Stripe")
    parser.add_argument(
        "--cacert", help=f"the stack's certificate (default {DEFAULT_CACERT} when present)"
    )
    parser.add_argument(
        "--stripe-key", default=os.environ.get("STRIPE_SECRET_KEY") or "sk_test_local"
    )
    parser.add_argument("--wait-timeout", type=float, default=10.0, help="seconds per wait")
    parser.add_argument("--summary-json", help="also write the summary as JSON here")
    args = parser.parse_args(argv)

    verify: bool | str = True
    if args.base.startswith("https://"):
        cacert = Path(args.cacert) if args.cacert else DEFAULT_CACERT
        if cacert.is_file():
            verify = str(cacert)
        else:
            print(
                f"note: no certificate at {cacert}: TLS is not verified (verify=False)",
                file=sys.stderr,
            )
            verify = False

    journey = Journey(args.base, args.stripe, verify, args.stripe_key, args.wait_timeout)
    summary = journey.run(lambda line: print(line, flush=True))
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(asdict(summary), indent=2))
    if not summary.ok:
        print(f"journey failed at {summary.failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
