"""Transaction-scoped settings PostgREST makes (references/transactions.rst)."""

from __future__ import annotations

import httpx

from tests.pgrst.conftest import assert_error


def test_request_gucs_on_get(client: httpx.Client) -> None:
    r = client.get("/rpc/whoami", headers={"X-Thing": "One", "Cookie": "sess=abc; theme=dark"})
    assert r.status_code == 200
    body = r.json()
    assert body["method"] == "GET"
    assert body["path"] == "/rpc/whoami"
    assert body["headers"]["x-thing"] == "One"
    assert "cookie" not in body["headers"]
    assert body["cookies"] == {"sess": "abc", "theme": "dark"}
    assert body["search_path"] == '"api", "public"'
    assert body["read_only"] == "on"
    assert body["app_greeting"] == "howdy"


def test_post_volatile_is_read_write(client: httpx.Client) -> None:
    r = client.post("/rpc/whoami_post", json={})
    assert r.status_code == 200
    body = r.json()
    assert body["method"] == "POST"
    assert body["read_only"] == "off"


def test_post_stable_is_read_only(client: httpx.Client) -> None:
    assert client.post("/rpc/whoami", json={}).json()["read_only"] == "on"


def test_prefer_timezone(client: httpx.Client) -> None:
    r = client.get("/rpc/whoami", headers={"Prefer": "timezone=America/Sao_Paulo"})
    assert r.json()["timezone"] == "America/Sao_Paulo"
    assert r.headers["preference-applied"] == "timezone=America/Sao_Paulo"


def test_pre_request_runs(client: httpx.Client) -> None:
    r = client.get("/rpc/pre_ran")
    assert r.status_code == 200
    assert r.json() == "yes"


def test_pre_request_can_reject(client: httpx.Client) -> None:
    r = client.get("/items", headers={"X-Block": "yes"})
    assert_error(r, 403, "blocked", "Blocked by pre-request")
    assert r.headers["x-blocked"] == "1"
