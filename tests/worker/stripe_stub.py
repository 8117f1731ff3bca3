"""A recording stand-in for the parts of Stripe's API the worker calls, plus the
SendGrid mail endpoint, on 127.0.0.1 (no network). Every request is recorded.

Stripe: GET /v1/payment_intents (created[gte], limit, starting_after pagination),
GET /v1/payment_intents/{id}, POST /v1/payment_intents/{id}/cancel,
POST /v1/refunds (idempotency keys replayed like Stripe does; charge_already_refunded
when the PaymentIntent is fully refunded under another key).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@dataclass
class StripeStub:
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    idempotent: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    hang_refunds: int = 0  # the next N refund requests are carried out, then never answered
    refund_failures: int = 0  # the next N refund requests answer 500
    hang_mails: int = 0  # the next N SendGrid sends are taken, then never answered
    page_size_cap: int = 2  # small pages, so pagination is exercised
    lock: threading.Lock = field(default_factory=threading.Lock)
    released: threading.Event = field(default_factory=threading.Event)

    def add_intent(
        self,
        pi: str,
        amount: int,
        status: str,
        currency: str = "eur",
        metadata: dict[str, str] | None = None,
        created: int | None = None,
        destination: str | None = None,
        fee: int | None = None,
    ) -> dict[str, Any]:
        intent = {
            "id": pi,
            "object": "payment_intent",
            "status": status,
            "amount": amount,
            "amount_received": amount if status == "succeeded" else 0,
            "currency": currency,
            "metadata": metadata or {},
            "livemode": False,
            "created": created or int(time.time()),
            "application_fee_amount": fee,
            "transfer_data": {"destination": destination} if destination else None,
        }
        self.intents[pi] = intent
        return intent

    def of(self, method: str, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    # -- request handling -------------------------------------------------------------
    def handle(self, rec: Recorded) -> tuple[int, dict[str, Any]]:
        key = rec.headers.get("idempotency-key")
        if rec.method == "POST" and key and key in self.idempotent:
            return self.idempotent[key]
        status, body = self.route(rec)
        if rec.method == "POST" and key and status < 500:
            self.idempotent[key] = (status, body)
        return status, body

    def route(self, rec: Recorded) -> tuple[int, dict[str, Any]]:
        parts = rec.path.strip("/").split("/")
        if rec.path == "/v3/mail/send":
            return 202, {}
        if parts[:2] == ["v1", "payment_intents"] and len(parts) == 2 and rec.method == "GET":
            return 200, self.list_intents(rec.query)
        if parts[:2] == ["v1", "payment_intents"] and len(parts) >= 3:
            intent = self.intents.get(parts[2])
            if intent is None:
                return 404, error("resource_missing", f"No such payment_intent: '{parts[2]}'")
            if len(parts) == 4 and parts[3] == "cancel" and rec.method == "POST":
                if intent["status"] in ("succeeded", "canceled", "processing"):
                    return 400, error("payment_intent_unexpected_state", "cannot cancel")
                intent["status"] = "canceled"
            return 200, intent
        if rec.path == "/v1/refunds" and rec.method == "POST":
            return self.create_refund(rec)
        return 404, error("resource_missing", f"unhandled {rec.method} {rec.path}")

    def list_intents(self, query: dict[str, list[str]]) -> dict[str, Any]:
        gte = int(query.get("created[gte]", ["0"])[0])
        limit = min(int(query.get("limit", ["10"])[0]), self.page_size_cap)
        items = sorted(
            (i for i in self.intents.values() if i["created"] >= gte),
            key=lambda i: (-i["created"], i["id"]),
        )
        after = query.get("starting_after", [None])[0]
        if after:
            ids = [i["id"] for i in items]
            items = items[ids.index(after) + 1 :] if after in ids else []
        page = items[:limit]
        return {
            "object": "list",
            "url": "/v1/payment_intents",
            "has_more": len(items) > limit,
            "data": page,
        }

    def create_refund(self, rec: Recorded) -> tuple[int, dict[str, Any]]:
        if self.refund_failures > 0:
            self.refund_failures -= 1
            return 500, {"error": {"type": "api_error", "message": "stub: try again"}}
        pi = rec.form["payment_intent"][0]
        amount = int(rec.form["amount"][0])
        intent = self.intents.get(pi)
        if intent is None:
            return 400, error("resource_missing", f"No such payment_intent: '{pi}'")
        done = sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == pi)
        if done >= intent["amount_received"]:
            return 400, error("charge_already_refunded", "Charge has already been refunded.")
        refund = {
            "id": f"re_{uuid.uuid4().hex[:14]}",
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": pi,
            "status": "succeeded",
            "metadata": {k[9:-1]: v[0] for k, v in rec.form.items() if k.startswith("metadata[")},
        }
        self.refunds[refund["id"]] = refund
        return 200, refund


def error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"type": "invalid_request_error", "code": code, "message": message}}


def serve(stub: StripeStub) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _do(self) -> None:
            split = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            ctype = self.headers.get("Content-Type") or ""
            form = parse_qs(raw.decode()) if "form-urlencoded" in ctype else {}
            body = json.loads(raw) if "json" in ctype and raw else None
            rec = Recorded(
                self.command,
                split.path,
                parse_qs(split.query),
                form,
                body,
                {k.lower(): v for k, v in self.headers.items()},
            )
            with stub.lock:
                stub.requests.append(rec)
            with stub.lock:
                status, payload = stub.handle(rec)
                hang = rec.path == "/v1/refunds" and stub.hang_refunds > 0
                if hang:
                    stub.hang_refunds -= 1
                elif rec.path == "/v3/mail/send" and stub.hang_mails > 0:
                    stub.hang_mails -= 1
                    hang = True
            if hang:
                # Stripe did the work, but the answer never reaches the worker (which is
                # killed meanwhile): the worst case for "exactly once".
                stub.released.wait(60)
                return
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{uuid.uuid4().hex[:10]}")
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = do_DELETE = _do

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
