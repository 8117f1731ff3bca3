"""The soak's audit queries (bench/soak/audit.sql) see what they are for: a clean
database audits to all zeros, and each planted fault moves its own line, and only it."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support import db

_spec = importlib.util.spec_from_file_location(
    "soak_audit", Path(__file__).resolve().parents[2] / "bench" / "soak" / "audit.py"
)
assert _spec and _spec.loader
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

P1 = "e0000000-0000-0000-0000-0000000000b1"
O1 = "e0000000-0000-0000-0000-0000000000a1"

SEED = f"""
insert into data.app_user (id, email, password_hash, full_name, role) values
  ('{O1}', 'o1@soak.test', 'x', 'Owner One', 'owner'),
  ('{P1}', 'p1@soak.test', 'x', 'Player One', 'player');
insert into data.venue (id, owner_id, name, address, city, lat, lng, timezone, currency)
  overriding system value values
  (10001, '{O1}', 'Madrid Padel', 'Calle 1', 'Madrid', 40.4168, -3.7038, 'Europe/Madrid', 'EUR');
insert into data.court (id, venue_id, name, sport) overriding system value values (10101,
  10001, 'Pista 1', 'padel');
insert into data.slot (id, court_id, start_at, end_at, price_cents) overriding system value
select 11000 + k, 10101, t0 + (k - 1) * interval '1 hour', t0 + k * interval '1 hour', 2000
  from generate_series(1, 4) k, (select date_trunc('hour', now()) + interval '3 days' as t0) t;
-- A healthy confirmed, paid booking of slot 11001.
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency,
  held_until, confirmed_at)
  overriding system value values (1, '{P1}', 10001, 'confirmed', 2000, 'EUR', now(), now());
insert into data.booking_slot (booking_id, slot_id, price_cents) values (1, 11001, 2000);
update data.slot set status = 'booked' where id = 11001;
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, status,
                          amount_received_cents, succeeded_at)
  values (1, 'pi_ok', 2000, 'EUR', 'succeeded', 2000, now());
select setval(pg_get_serial_sequence('data.booking', 'id'), 100);
"""

# A cancelled booking 2 whose payment succeeded: the base of several plants.
CANCELLED_PAID = f"""
insert into data.booking (id, player_id, venue_id, status, amount_cents, currency,
  held_until, cancelled_at)
  overriding system value values (2, '{P1}', 10001, 'cancelled', 2000, 'EUR', now(), now());
insert into data.payment (booking_id, stripe_payment_intent_id, amount_cents, currency, status,
                          amount_received_cents, succeeded_at)
  values (2, 'pi_cancelled', 2000, 'EUR', 'succeeded', 2000, now());
"""
REFUND = """
insert into data.refund (payment_id, booking_id, amount_cents, currency, reason, status)
  select id, 2, 2000, 'EUR', 'cancelled', 'succeeded' from data.payment where booking_id = 2;
"""

PLANTS: dict[str, tuple[str, set[str]]] = {
    "payment kept by a cancelled booking": (
        CANCELLED_PAID,
        {"succeeded payments without a confirmed booking or a refund"},
    ),
    "refund issued twice": (
        CANCELLED_PAID + REFUND + REFUND,
        {
            "payments refunded beyond their amount (refund issued twice)",
            "bookings whose money (received - refunded) is below 0 or above their amount",
        },
    ),
    "confirmed without payment": (
        f"""insert into data.booking (player_id, venue_id, status, amount_cents,
          currency, held_until, confirmed_at)
            values ('{P1}', 10001, 'confirmed', 2000, 'EUR', now(), now());""",
        {"confirmed bookings without a succeeded payment (walk-ins excepted)"},
    ),
    "hold never swept": (
        f"""insert into data.booking (player_id, venue_id, status, amount_cents,
          currency, held_until)
            values ('{P1}', 10001, 'pending', 2000, 'EUR', now() - interval '10 minutes');""",
        {"pending bookings past their hold by more than a sweep interval"},
    ),
    "notification never sent": (
        f"""insert into data.notification (user_id, kind, created_at)
            values ('{P1}', 'booking_confirmed', now() - interval '5 minutes');""",
        {"notifications not sent after 2 minutes"},
    ),
    "stripe event never applied": (
        """insert into data.stripe_event (id, type, livemode, stripe_created_at, payload,
          received_at)
           values ('evt_x', 'payment_intent.succeeded', false, now(), '{}',
             now() - interval '5 minutes');""",
        {"Stripe events stored but never applied (older than a minute)"},
    ),
}


@pytest.fixture
def seeded(courtbook_template: str) -> Iterator[str]:
    url = db.create_database("soak", template=courtbook_template)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SEED)
    yield url
    db.drop_database(url)


def test_a_clean_database_audits_to_zero(seeded: str) -> None:
    rows = audit.run_audit(seeded)
    assert len(rows) == len(audit.checks()) >= 10
    assert rows == [(n, 0) for n, _ in rows]
    table = audit.format_table(rows)
    assert table.count("| ok ") == len(rows) and "FAIL" not in table


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_each_planted_fault_moves_its_own_line(seeded: str, plant: str) -> None:
    sql, expected = PLANTS[plant]
    names = {n for n, _ in audit.checks()}
    assert expected <= names
    with psycopg.connect(seeded, autocommit=True) as conn:
        conn.execute(sql)
    failing = {n for n, v in audit.run_audit(seeded) if v != 0}
    assert failing == expected
