"""OpenAPI, schema cache reload, config checks."""

from __future__ import annotations

import os
import subprocess
import time

import httpx
import psycopg
import pytest

from tests.pgrst.conftest import EXTERNAL, IS_PGRST
from tests.support.pgrst_server import PGRST_BIN


def test_openapi(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/openapi+json; charset=utf-8"
    doc = r.json()
    assert doc["swagger"] == "2.0"
    assert doc["info"]["title"] == "pgrst test API"
    assert doc["basePath"] == "/"
    assert set(doc["paths"]["/items"]) == {"get", "post", "patch", "delete"}
    assert "get" in doc["paths"]["/rpc/add"] and "post" in doc["paths"]["/rpc/add"]
    assert "get" not in doc["paths"]["/rpc/bump"]
    props = doc["definitions"]["items"]["properties"]
    assert props["id"]["type"] == "integer"
    assert props["name"]["type"] == "string"
    assert doc["definitions"]["items"]["required"] == ["name"]
    args = doc["paths"]["/rpc/greet"]["post"]["parameters"][0]["schema"]
    assert set(args["properties"]) == {"name", "greeting"}
    assert args["required"] == ["name"]


def test_openapi_accept(client: httpx.Client) -> None:
    r = client.get("/", headers={"Accept": "text/csv"})
    assert r.status_code == 406
    assert r.json()["code"] == "PGRST107"


def test_schema_reload_on_notify(client: httpx.Client, fixture_db: str) -> None:
    assert client.get("/late_table").status_code == 404
    with psycopg.connect(fixture_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE api.late_table (id int)")
        conn.execute("INSERT INTO api.late_table VALUES (7)")
        conn.execute("GRANT SELECT ON api.late_table TO pgrst_test_anon")
        conn.execute("NOTIFY pgrst, 'reload schema'")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        r = client.get("/late_table")
        if r.status_code == 200:
            break
        time.sleep(0.1)
    assert r.status_code == 200
    assert r.json() == [{"id": 7}]


@pytest.mark.skipif(not IS_PGRST, reason="starts .venv/bin/pgrst itself")
def test_short_jwt_secret_refused() -> None:
    env = dict(os.environ, PGRST_JWT_SECRET="short", PGRST_DB_URI="postgresql://")
    proc = subprocess.run([str(PGRST_BIN)], env=env, capture_output=True, timeout=30)
    assert proc.returncode != 0
    assert b"at least 32 characters" in proc.stdout + proc.stderr


def test_cors_simple_request(client: httpx.Client) -> None:
    r = client.get("/items?select=id&limit=1", headers={"Origin": "https://app.example"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "Content-Range" in r.headers["access-control-expose-headers"]
    assert "Location" in r.headers["access-control-expose-headers"]
    assert "access-control-allow-origin" not in client.get("/items?limit=1").headers


def test_cors_preflight(client: httpx.Client) -> None:
    r = client.options(
        "/items",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, prefer",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert r.headers["access-control-max-age"] == "86400"
    allowed = r.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed and "prefer" in allowed


def test_admin_live_ready(admin_url: str) -> None:
    r = httpx.get(admin_url + "/live")
    assert r.status_code == 200
    assert r.content == b""
    r = httpx.get(admin_url + "/ready")
    assert r.status_code == 200
    assert r.content == b""


@pytest.mark.skipif(bool(EXTERNAL), reason="kills the server's connections")
def test_recovers_from_lost_connections(client: httpx.Client, fixture_db: str) -> None:
    dbname = fixture_db.rsplit("/", 1)[1]
    with psycopg.connect(fixture_db, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND usename = 'pgrst_test_authenticator'",
            (dbname,),
        )
    statuses = []
    for _ in range(12):
        r = client.get("/rpc/hello")
        statuses.append(r.status_code)
        if r.status_code != 200:
            assert r.status_code == 503, r.text
            assert r.headers["retry-after"]
        time.sleep(0.05)
    assert statuses[-3:] == [200, 200, 200], statuses
    # the LISTEN connection comes back too: a reload still works afterwards
    with psycopg.connect(fixture_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE api.after_kill (id int)")
        conn.execute("GRANT SELECT ON api.after_kill TO pgrst_test_anon")
        conn.execute("NOTIFY pgrst, 'reload schema'")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if client.get("/after_kill").status_code == 200:
            break
        time.sleep(0.2)
    assert client.get("/after_kill").status_code == 200
