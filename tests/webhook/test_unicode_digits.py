"""Ids in the /payments bodies are ASCII digits only (issue 16): Python's
`"²".isdigit()` is true (and `int("²")` then raised: a 500), and `int("٣")` is 3
(another booking's id). PostgreSQL's integer input, which a PostgREST argument
goes through, reads ASCII digits only; so does the webhook service."""

from __future__ import annotations

import httpx

from tests.conftest import make_token
from tests.support.unicode_digits import SWEEP
from tests.webhook import helpers as h


async def test_unicode_digit_ids_are_invalid_input(client: httpx.AsyncClient, db_url: str) -> None:
    venue = h.create_venue(db_url)
    player = h.create_user(db_url, "player")
    booking = h.hold(db_url, player, h.create_slots(db_url, venue.court_id, 1))
    owner_token = make_token("owner", sub=str(venue.owner_id))
    player_token = make_token("player", sub=str(player))
    bad: list[tuple[str, str, int, str]] = []
    for digit in SWEEP:
        for value in (digit, "1" + digit, f" {digit} "):
            for path, key, tok in (
                ("/payments/intent", "booking_id", player_token),
                ("/payments/connect/onboarding", "venue_id", owner_token),
            ):
                r = await client.post(
                    path, json={key: value}, headers={"Authorization": f"Bearer {tok}"}
                )
                if r.status_code != 400 or r.json().get("code") != "invalid_input":
                    bad.append((path, value, r.status_code, r.text))
    assert bad == []
    # The booking's own id in ASCII digits, as a string, still works.
    r = await client.post(
        "/payments/intent",
        json={"booking_id": str(booking["booking_id"])},
        headers={"Authorization": f"Bearer {player_token}"},
    )
    assert r.status_code == 200, r.text
