"""Fixtures for the pgrst compatibility suite.

By default a fresh database `pgrst_<hex>` is created on the test cluster
(COURTBOOK_TEST_PG_URL), `fixture.sql` is loaded and pgrst is started on it.

To hold the same suite against a real PostgREST v13, load `tests/pgrst/fixture.sql` into an
empty database as a superuser and run PostgREST with:

    PGRST_DB_URI=postgresql://pgrst_test_authenticator@HOST:PORT/DB
    PGRST_DB_SCHEMAS=api,v2
    PGRST_DB_ANON_ROLE=pgrst_test_anon
    PGRST_JWT_SECRET=<same as POSTGREST_JWT_SECRET, >= 32 chars>
    PGRST_DB_PRE_REQUEST=api.pre_check
    PGRST_DB_TX_END=commit-allow-override
    PGRST_APP_SETTINGS_GREETING=howdy

then: POSTGREST_URL=http://127.0.0.1:3000 POSTGREST_DB_URL=postgresql://postgres@HOST:PORT/DB \
      POSTGREST_JWT_SECRET=... pytest tests/pgrst
(tests that need a second server configuration, e.g. db-max-rows, are skipped then).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import psycopg
import pytest

from tests.support import db, gateway
from tests.support.pgrst_server import authenticator_url, start_pgrst

HERE = Path(__file__).resolve().parent
SECRET = os.environ.get("POSTGREST_JWT_SECRET", "pgrst-test-secret-0123456789abcdef-xyz")
ANON = "pgrst_test_anon"
USER = "pgrst_test_user"
EXTERNAL = os.environ.get("POSTGREST_URL")
# pgrst itself (not a real PostgREST, started here or reached at POSTGREST_URL)
IS_PGRST = not EXTERNAL and gateway.selected().is_pgrst


def _authenticator_url(superuser_url: str) -> str:
    return authenticator_url(superuser_url, "pgrst_test_authenticator")


@pytest.fixture(scope="session")
def fixture_db() -> Iterator[str]:
    """Superuser URL of the database holding the fixture schema."""
    if EXTERNAL:
        url = os.environ.get("POSTGREST_DB_URL")
        if not url:
            pytest.skip("POSTGREST_DB_URL is needed with POSTGREST_URL")
        yield url
        return
    url = db.create_database("pgrst")
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute((HERE / "fixture.sql").read_text())
        yield url
    finally:
        db.drop_database(url)


@pytest.fixture(scope="session")
def base_url(fixture_db: str) -> Iterator[str]:
    if EXTERNAL:
        yield EXTERNAL.rstrip("/")
        return
    handle = start_pgrst(
        _authenticator_url(fixture_db),
        schemas="api,v2",
        anon_role=ANON,
        jwt_secret=SECRET,
        pre_request="api.pre_check",
        pool=3,
        extra_env={
            "PGRST_DB_TX_END": "commit-allow-override",
            "PGRST_APP_SETTINGS_GREETING": "howdy",
        },
    )
    try:
        yield str(handle)
    finally:
        handle.stop()


@pytest.fixture(scope="session")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as c:
        yield c


@pytest.fixture(scope="session")
def postgrest_version(client: httpx.Client) -> tuple[int, int, int]:
    """The PostgREST version the server answers as (its `Server` header; pgrst: the version
    it implements), for the expectations that differ between v12 and v13."""
    return gateway.gateway_version(client.get("/").headers.get("server"))


@pytest.fixture(scope="session")
def max_rows_url(fixture_db: str) -> Iterator[str]:
    if EXTERNAL:
        pytest.skip("needs a second server configuration (db-max-rows)")
    handle = start_pgrst(
        _authenticator_url(fixture_db),
        schemas="api",
        anon_role=ANON,
        jwt_secret=SECRET,
        max_rows=2,
        pool=1,
    )
    try:
        yield str(handle)
    finally:
        handle.stop()


def make_token(role: str | None = USER, *, secret: str = SECRET, **claims: Any) -> str:
    payload: dict[str, Any] = {"exp": int(time.time()) + 600, **claims}
    if role is not None:
        payload["role"] = role
    return jwt.encode(payload, secret, algorithm="HS256")


@pytest.fixture(scope="session")
def token() -> Callable[..., str]:
    return make_token


@pytest.fixture(scope="session")
def user_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(USER, sub='user-1')}"}


def err(code: str, message: str, details: Any = None, hint: Any = None) -> dict[str, Any]:
    return {"code": code, "details": details, "hint": hint, "message": message}


def assert_error(
    r: httpx.Response, status: int, code: str, message: str, details: Any = None, hint: Any = None
) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.json() == err(code, message, details, hint)
    # key order and compactness as PostgREST writes them
    assert list(r.json()) == ["code", "details", "hint", "message"]
    assert r.headers.get("proxy-status") == f"PostgREST; error={code}"


@pytest.fixture(scope="session")
def admin_url(fixture_db: str) -> Iterator[str]:
    if EXTERNAL:
        pytest.skip("needs a second server configuration (admin-server-port)")
    from tests.support.pgrst_server import free_port

    port = free_port()
    handle = start_pgrst(
        _authenticator_url(fixture_db),
        schemas="api",
        anon_role=ANON,
        jwt_secret=SECRET,
        pool=1,
        extra_env={"PGRST_ADMIN_SERVER_PORT": str(port)},
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        handle.stop()
