"""Seeding and signing helpers for the webhook service tests."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row

WEBHOOK_SECRET = "whsec_test_courtbook"


def connect(url: str) -> psycopg.Connection[dict[str, Any]]:
    return psycopg.connect(url, autocommit=True, row_factory=dict_row)


def one(url: str, sql: str, params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
    with connect(url) as conn:
        return conn.execute(sql, params).fetchone()  # type: ignore[arg-type]


def scalar(url: str, sql: str, params: tuple[Any, ...] = ()) -> Any:
    row = one(url, sql, params)
    return None if row is None else next(iter(row.values()))


def create_user(url: str, role: str) -> uuid.UUID:
    uid = uuid.uuid4()
    with connect(url) as conn:
        conn.execute(
            "insert into data.app_user (id, email, password_hash, full_name, role)"
            " values (%s, %s, 'x', %s, %s)",
            (uid, f"{role}-{uid.hex[:8]}@example.test", f"Test {role}", role),
        )
    return uid


@dataclass
class Venue:
    id: int
    owner_id: uuid.UUID
    court_id: int


def create_venue(
    url: str,
    owner_id: uuid.UUID | None = None,
    account: str | None = None,
    charges_enabled: bool = False,
    commission_bps: int | None = None,
    country: str = "FR",
) -> Venue:
    owner = owner_id or create_user(url, "owner")
    with connect(url) as conn:
        vid = conn.execute(
            "insert into data.venue (owner_id, name, address, city, lat, lng, timezone, currency,"
            " commission_bps, stripe_account_id, stripe_charges_enabled, country)"
            " values (%s, 'Club', '1 Rue', 'Paris', 48.85, 2.35, 'Europe/Paris', 'EUR', %s, %s, %s,"
            " %s) returning id",
            (owner, commission_bps, account, charges_enabled, country),
        ).fetchone()["id"]  # type: ignore[index]
        cid = conn.execute(
            "insert into data.court (venue_id, name, sport) values (%s, 'Court 1', 'padel')"
            " returning id",
            (vid,),
        ).fetchone()["id"]  # type: ignore[index]
    return Venue(vid, owner, cid)


def create_slots(url: str, court_id: int, n: int = 1, price_cents: int = 2500) -> list[int]:
    """`n` consecutive 60-minute slots starting a random day in the future."""
    day = secrets.randbelow(3000) + 2
    with connect(url) as conn:
        rows = conn.execute(
            "insert into data.slot (court_id, start_at, end_at, price_cents)"
            " select %s, t, t + interval '1 hour', %s from generate_series("
            "   date_trunc('hour', now()) + make_interval(days => %s),"
            "   date_trunc('hour', now()) + make_interval(days => %s, hours => %s - 1),"
            "   interval '1 hour') t returning id",
            (court_id, price_cents, day, day, n),
        ).fetchall()
    return [r["id"] for r in rows]


def as_user(conn: psycopg.Connection[Any], user_id: uuid.UUID, role: str) -> None:
    claims = json.dumps({"role": role, "sub": str(user_id)})
    conn.execute(f"set role {role}")
    conn.execute("select set_config('request.jwt.claims', %s, false)", (claims,))


def hold(url: str, player_id: uuid.UUID, slot_ids: list[int]) -> dict[str, Any]:
    with connect(url) as conn:
        as_user(conn, player_id, "player")
        return conn.execute("select to_json(api.hold_slots(%s)) as r", (slot_ids,)).fetchone()["r"]  # type: ignore[index]


def my_bookings(url: str, player_id: uuid.UUID) -> list[dict[str, Any]]:
    """GET /bookings as the player sees it (api.bookings under RLS)."""
    with connect(url) as conn:
        as_user(conn, player_id, "player")
        return conn.execute("select * from api.bookings order by id").fetchall()


def lapse_hold(url: str, booking_id: int) -> None:
    with connect(url) as conn:
        conn.execute(
            "update data.slot s set held_until = now() - interval '1 minute'"
            " from data.booking_slot bs where bs.booking_id = %s and bs.slot_id = s.id",
            (booking_id,),
        )
        conn.execute(
            "update data.booking set held_until = now() - interval '1 minute' where id = %s",
            (booking_id,),
        )


def event(
    type_: str,
    obj: dict[str, Any],
    livemode: bool = False,
    created: int | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_{secrets.token_hex(8)}",
        "object": "event",
        "type": type_,
        "livemode": livemode,
        "created": created or int(time.time()),
        "api_version": "2025-01-27.acacia",
        "data": {"object": obj},
    }


def pi_object(
    pi_id: str, amount: int, currency: str = "eur", status: str = "succeeded", **extra: Any
) -> dict[str, Any]:
    return {
        "id": pi_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if status == "succeeded" else 0,
        "currency": currency,
        "status": status,
        **extra,
    }


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    t = timestamp or int(time.time())
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def signed(ev: dict[str, Any], **kw: Any) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(ev).encode()
    return body, {"Stripe-Signature": sign(body, **kw), "Content-Type": "application/json"}


def cancel(url: str, player_id: uuid.UUID, booking_id: int) -> dict[str, Any]:
    """POST /rpc/cancel_booking as the player."""
    with connect(url) as conn:
        as_user(conn, player_id, "player")
        return conn.execute(  # type: ignore[index]
            "select to_json(api.cancel_booking(%s, 'plans changed')) as r", (booking_id,)
        ).fetchone()["r"]


def venue_booking(url: str, owner_id: uuid.UUID, booking_id: int) -> dict[str, Any] | None:
    """GET /venue_bookings?id=eq.<id> as the venue's owner."""
    with connect(url) as conn:
        as_user(conn, owner_id, "owner")
        return conn.execute(  # type: ignore[return-value]
            "select * from api.venue_bookings where id = %s", (booking_id,)
        ).fetchone()


def many(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    with connect(url) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]
