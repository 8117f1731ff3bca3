"""Calling the engine the way PostgREST does, over real connections.

Every call is one transaction that first switches role and sets the JWT claims
transaction-locally (`set_config('role', ..., true)`,
`set_config('request.jwt.claims', ..., true)`), then runs the function. Domain
errors come back as PostgREST would answer them: the code and details from the
MESSAGE json, the HTTP status from the DETAIL json.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg


@dataclass
class ApiError(Exception):
    sqlstate: str
    code: str | None = None
    status: int | None = None
    details: str | None = None
    message: str = ""

    def __str__(self) -> str:  # pragma: no cover - for assertion messages
        return f"{self.sqlstate} {self.code} {self.status} {self.details} {self.message}"


def to_api_error(e: psycopg.Error) -> ApiError:
    if e.sqlstate == "PGRST":
        body = json.loads(e.diag.message_primary or "{}")
        detail = json.loads(e.diag.message_detail or "{}")
        return ApiError(
            "PGRST",
            body.get("code"),
            detail.get("status"),
            body.get("details"),
            body.get("message", ""),
        )
    return ApiError(e.sqlstate or "?", message=str(e))


def claims(role: str, sub: uuid.UUID | str | None) -> str:
    c: dict[str, str] = {"role": role}
    if sub is not None:
        c["sub"] = str(sub)
    return json.dumps(c)


def call(
    conn: psycopg.Connection,
    role: str,
    sub: uuid.UUID | str | None,
    sql: str,
    params: Sequence[Any] = (),
) -> Any:
    """One request as PostgREST runs it; returns the single value (or row), raises ApiError."""
    try:
        with conn.transaction():
            with conn.cursor() as cur:
                cur.execute(
                    "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",  # noqa: E501
                    (role, claims(role, sub)),
                )
                cur.execute(sql, params)
                if cur.description is None:
                    return None
                rows = cur.fetchall()
                if len(cur.description) == 1:
                    return rows[0][0] if len(rows) == 1 else [r[0] for r in rows]
                return rows
    except psycopg.Error as e:
        raise to_api_error(e) from None


def connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


@dataclass
class World:
    """Owners, players, a venue per owner, courts and future slots, made as superuser."""

    url: str
    owners: list[uuid.UUID] = field(default_factory=list)
    players: list[uuid.UUID] = field(default_factory=list)
    venues: list[int] = field(default_factory=list)
    courts: list[int] = field(default_factory=list)

    def sql(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        with connect(self.url) as conn:
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else []

    def add_players(self, n: int) -> list[uuid.UUID]:
        tag = uuid.uuid4().hex[:8]
        rows = self.sql(
            "insert into data.app_user (email, password_hash, full_name, role) "
            "select format('p%%s-%%s@race.test', i, %s::text), 'x', 'Racer ' || i, 'player' "
            "from generate_series(1, %s::int) i returning id",
            (tag, n),
        )
        ids = [r[0] for r in rows]
        self.players.extend(ids)
        return ids

    def add_owner_with_venue(
        self, tz: str = "Europe/Madrid", courts: int = 1
    ) -> tuple[uuid.UUID, int, list[int]]:
        tag = uuid.uuid4().hex[:8]
        owner = self.sql(
            "insert into data.app_user (email, password_hash, full_name, role) "
            "values (%s, 'x', 'Owner', 'owner') returning id",
            (f"o-{tag}@race.test",),
        )[0][0]
        venue = self.sql(
            "insert into data.venue (owner_id, name, address, city, lat, lng, timezone) "
            "values (%s, %s, 'A', 'C', 40.4, -3.7, %s) returning id",
            (owner, f"V {tag}", tz),
        )[0][0]
        court_ids = [
            self.sql(
                "insert into data.court (venue_id, name, sport) values (%s, %s, 'padel') returning id",  # noqa: E501
                (venue, f"C{i}"),
            )[0][0]
            for i in range(courts)
        ]
        self.owners.append(owner)
        self.venues.append(venue)
        self.courts.extend(court_ids)
        return owner, venue, court_ids

    def add_slots(self, court: int, n: int, start_days: int = 2) -> list[int]:
        """n consecutive hourly slots on a court, after the court's last slot (at least start_days ahead)."""  # noqa: E501
        start = self.sql(
            "select greatest(date_trunc('hour', now()) + make_interval(days => %s), "
            "coalesce(max(end_at), '-infinity')) from data.slot where court_id = %s",
            (start_days, court),
        )[0][0]
        rows = self.sql(
            "insert into data.slot (court_id, start_at, end_at, price_cents) "
            "select %s, %s + (i - 1) * interval '1 hour', %s + i * interval '1 hour', 2000 "
            "from generate_series(1, %s::int) i returning id",
            (court, start, start, n),
        )
        return sorted(r[0] for r in rows)


def race(
    n: int,
    conns: Sequence[psycopg.Connection],
    work: Callable[[int, psycopg.Connection], Any],
    timeout: float = 60,
) -> list[tuple[Any, float]]:
    """Runs work(i, conn) in n threads released together by a barrier.
    Returns (result or ApiError, seconds from release to answer) per thread."""
    barrier = threading.Barrier(n)
    out: list[tuple[Any, float] | None] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        t0 = time.perf_counter()
        try:
            res: Any = work(i, conns[i])
        except ApiError as e:
            res = e
        except Exception as e:  # anything else is a defect the test reports
            res = e
        out[i] = (res, time.perf_counter() - t0)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert all(o is not None for o in out), "a racer did not finish"
    return out  # type: ignore[return-value]


def utc(days: float = 0) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)
