"""The OpenAPI description at `/` lists what the request's role may use, as PostgREST's
default `openapi-mode=follow-privileges` does (docs: references/api/openapi.rst): an app
generator pointed at the local stack sees the API production serves to the same role."""

from __future__ import annotations

import httpx

from tests.api.test_courtbook_over_http import (  # noqa: F401 - fixtures
    base_url,
    login,
    player_token,
)


def described(base_url: str, token: str | None = None) -> tuple[set[str], set[str]]:  # noqa: F811
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = httpx.get(base_url + "/", headers=headers)
    assert r.status_code == 200, r.text
    paths = set(r.json()["paths"])
    rpcs = {p.removeprefix("/rpc/") for p in paths if p.startswith("/rpc/")}
    return {p for p in paths if not p.startswith("/rpc/")}, rpcs


def test_anon_sees_the_public_api(base_url: str) -> None:  # noqa: F811
    tables, rpcs = described(base_url)
    assert tables == {"/", "/courts", "/platform_settings", "/venue_amenities", "/venues"}
    assert {"available_slots", "login", "nearby_venues", "signup"} <= rpcs
    assert not {"hold_slots", "cancel_booking", "me", "set_platform_settings"} & rpcs


def test_a_player_sees_the_players_api(base_url: str, player_token: str) -> None:  # noqa: F811
    tables, rpcs = described(base_url, player_token)
    assert {"/bookings", "/venues", "/courts"} <= tables
    assert "/reconciliation_cases" not in tables
    assert {"hold_slots", "cancel_booking", "release_hold", "me", "login"} <= rpcs
    assert "set_platform_settings" not in rpcs


def test_an_admin_sees_the_admin_api(base_url: str) -> None:  # noqa: F811
    token = login(base_url, "admin@courtbook.test", "courtbook-admin-1")
    tables, rpcs = described(base_url, token)
    assert "/reconciliation_cases" in tables
    assert "set_platform_settings" in rpcs
