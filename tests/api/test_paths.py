"""Issue 16's path variants of the login RPC reach no function through the gateway, as with
PostgREST (each path segment decoded once; a trailing slash is another path: 404 PGRST125),
so nginx's exact-match rate limit on `/api/rpc/login` cannot be sidestepped through them."""

from __future__ import annotations

import httpx

from tests.api.test_courtbook_over_http import base_url  # noqa: F401 - fixture

CREDENTIALS = {"email": "player@courtbook.test", "password": "courtbook-player-1"}


def test_login_variants(base_url: str) -> None:  # noqa: F811
    assert httpx.post(base_url + "/rpc/login", json=CREDENTIALS).status_code == 200
    r = httpx.post(base_url + "/rpc/login/", json=CREDENTIALS)
    assert r.status_code == 404 and r.json()["code"] == "PGRST125"
    r = httpx.post(base_url + "/rpc/%256Cogin", json=CREDENTIALS)
    assert r.status_code == 404 and r.json()["code"] == "PGRST202"
    assert r.json()["message"].startswith("Could not find the function api.%6Cogin(")
    # a single encoding is the same path as the plain one, for PostgREST and nginx alike
    assert httpx.post(base_url + "/rpc/%6Cogin", json=CREDENTIALS).status_code == 200
