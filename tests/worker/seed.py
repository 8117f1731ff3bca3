"""Test data written straight into the tables (as the superuser), as the engine would."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg


class Seed:
    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True)
        self.next_slot = 0  # slots of one seed never overlap, whatever the court

    def close(self) -> None:
        self.conn.close()

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()  # type: ignore[arg-type]
        return row[0] if row else None

    def all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def user(self, role: str = "player") -> str:
        return str(
            self.one(
                "insert into data.app_user (email, password_hash, full_name, role)"
                " values (%s, 'x', 'Test User', %s) returning id",
                (f"{role}-{uuid.uuid4().hex[:8]}@example.test", role),
            )
        )

    def venue(
        self,
        timezone: str = "Europe/Madrid",
        stripe_account: str | None = None,
        commission_bps: int | None = None,
    ) -> tuple[int, int]:
        owner = self.user("owner")
        venue = self.one(
            "insert into data.venue (owner_id, name, address, city, lat, lng, timezone, currency,"
            " stripe_account_id, stripe_charges_enabled, commission_bps, created_at)"
            " values (%s, 'V', 'A', 'C', 40.4, -3.7, %s, 'EUR', %s, %s, %s, now() - interval"
            " '60 days')"
            " returning id",
            (owner, timezone, stripe_account, stripe_account is not None, commission_bps),
        )
        court = self.one(
            "insert into data.court (venue_id, name, sport) values (%s, %s, 'padel') returning id",
            (venue, f"court-{uuid.uuid4().hex[:6]}"),
        )
        return venue, court

    def slots(self, court: int, n: int = 1, price: int = 2000, hours_ahead: int = 48) -> list[int]:
        start = self.one(
            "select date_trunc('hour', now()) + make_interval(hours => %s)", (hours_ahead,)
        )
        ids = []
        first = self.next_slot
        self.next_slot += n
        for i in range(first, first + n):
            ids.append(
                self.one(
                    "insert into data.slot (court_id, start_at, end_at, price_cents)"
                    " values (%s, %s + make_interval(mins => 90 * %s), %s +"
                    " make_interval(mins => 90 * %s + 90), %s)"
                    " returning id",
                    (court, start, i, start, i, price),
                )
            )
        return ids

    def booking(
        self,
        venue: int,
        slot_ids: list[int],
        player: str | None = None,
        status: str = "pending",
        held_for_minutes: int = 5,
    ) -> tuple[int, str]:
        player = player or self.user("player")
        amount = self.one("select sum(price_cents) from data.slot where id = any(%s)", (slot_ids,))
        booking = self.one(
            "insert into data.booking (player_id, venue_id, status, amount_cents, currency,"
            " held_until,"
            " confirmed_at) values (%s, %s, %s, %s, 'EUR', now() + make_interval(mins => %s),"
            " case when %s = 'confirmed' then now() end) returning id",
            (player, venue, status, amount, held_for_minutes, status),
        )
        for s in slot_ids:
            self.conn.execute(
                "insert into data.booking_slot (booking_id, slot_id, price_cents)"
                " select %s, id, price_cents from data.slot where id = %s",
                (booking, s),
            )
        if status == "pending":
            self.conn.execute(
                "update data.slot set status = 'held', held_by = %s,"
                " held_until = now() + make_interval(mins => %s) where id = any(%s)",
                (player, held_for_minutes, slot_ids),
            )
        elif status == "confirmed":
            self.conn.execute(
                "update data.slot set status = 'booked' where id = any(%s)", (slot_ids,)
            )
        return booking, player

    def payment(
        self,
        booking: int,
        pi: str | None = None,
        status: str = "requires_payment",
        destination: str | None = None,
        fee: int = 0,
    ) -> tuple[int, str]:
        pi = pi or f"pi_{uuid.uuid4().hex[:16]}"
        pid = self.one(
            "insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents,"
            " currency,"
            " application_fee_cents, destination_account_id, status, amount_received_cents,"
            " succeeded_at)"
            " select id, %s, amount_cents, currency, %s, %s, %s,"
            " case when %s = 'succeeded' then amount_cents end, case when %s = 'succeeded'"
            " then now() end"
            " from data.booking where id = %s returning id",
            (pi, fee, destination, status, status, status, booking),
        )
        return pid, pi

    def refund(self, payment_id: int, amount: int | None = None) -> int:
        return int(
            self.one(
                "insert into data.refund (payment_id, booking_id, amount_cents, currency, reason)"
                " select id, booking_id, coalesce(%s, amount_cents), currency, 'test'"
                " from data.payment where id = %s returning id",
                (amount, payment_id),
            )
        )

    def paid_booking(
        self, venue: int, court: int, destination: str | None = None, fee: int = 0
    ) -> dict[str, Any]:
        slots = self.slots(court)
        booking, player = self.booking(venue, slots, status="confirmed")
        payment, pi = self.payment(booking, status="succeeded", destination=destination, fee=fee)
        return {"booking": booking, "player": player, "payment": payment, "pi": pi, "slots": slots}
