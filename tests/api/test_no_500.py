"""No 500 for any input (issue 16): writes on every API view, through pgrst, end in
PostgREST's privilege answer (42501: 401 anonymous, 403 logged in), never in
PostgreSQL's "cannot update view" (55000, which PostgREST answers 500)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import psycopg
import pytest

from tests.conftest import make_token
from tests.support import db
from tests.support.pgrst_server import pgrst_server


@pytest.fixture(scope="module")
def base_url(courtbook_db: str) -> Iterator[str]:
    authenticator = courtbook_db.replace("postgres@", "authenticator@", 1)
    with pgrst_server(
        authenticator, schemas="api", anon_role="anon", jwt_secret=db.JWT_SECRET
    ) as url:
        yield url


# The views that join several tables (not automatically updatable): before the fix a
# write on them was PostgreSQL's 55000 (500). The others are automatically updatable
# and answer whatever PostgreSQL checks first (42501, or 428C9 400 for an identity
# column): never 5xx.
READ_ONLY = {"venue_bookings", "court_slots", "availability_rules", "payout_reports"}


def api_views(url: str) -> dict[str, str]:
    """Every view of the api schema with its first column."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select c.relname, a.attname from pg_class c join pg_attribute a "
            "on a.attrelid = c.oid and a.attnum = 1 "
            "where c.relnamespace = 'api'::regnamespace and c.relkind = 'v' order by 1"
        ).fetchall()
    return {name: col for name, col in rows}


def test_writes_on_api_views_never_5xx_read_only_ones_401_or_403(
    base_url: str, courtbook_db: str
) -> None:
    views = api_views(courtbook_db)
    assert READ_ONLY <= set(views)
    callers = {
        "anon": ({}, 401),
        **{
            role: ({"Authorization": f"Bearer {make_token(role)}"}, 403)
            for role in ("player", "owner", "admin")
        },
    }
    bad: list[tuple[str, str, str, int, str]] = []
    with httpx.Client(base_url=base_url, timeout=30) as c:
        for view, col in views.items():
            for who, (headers, status) in callers.items():
                for method in ("POST", "PATCH", "DELETE"):
                    r = c.request(
                        method,
                        f"/{view}" if method == "POST" else f"/{view}?{col}=eq.1",
                        json={col: 1} if method != "DELETE" else None,
                        headers=headers,
                    )
                    body = r.json() if r.content else {}
                    expected = (status, "42501") if view in READ_ONLY else None
                    if (
                        r.status_code >= 500
                        or set(body) != {"code", "details", "hint", "message"}
                        or (expected and (r.status_code, body["code"]) != expected)
                    ):
                        bad.append((view, who, method, r.status_code, r.text[:200]))
                r = c.put(f"/{view}?{col}=eq.1", json={col: 1}, headers=headers)
                if r.status_code >= 500:
                    bad.append((view, who, "PUT", r.status_code, r.text[:200]))
    assert bad == []
