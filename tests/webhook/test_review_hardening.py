"""Review findings on the webhook service: body limits, malformed JSON that used
to crash the handler, and tokens PostgREST refuses that the service accepted."""

from __future__ import annotations

import httpx
import jwt

from tests.conftest import make_token
from tests.support import db
from tests.webhook import helpers as h

# nginx allows 1 MiB (client_max_body_size 1m); the service must not rely on it.
TOO_BIG = 2 * 1024 * 1024


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_deeply_nested_json_is_400_not_500(client: httpx.AsyncClient, db_url: str) -> None:

    tok = auth(make_token("player", sub=str(h.create_user(db_url, "player"))))
    for content in (b"[" * 200_000, b'{"a":' * 100_000):
        r = await client.post("/payments/intent", content=content, headers=tok)
        assert r.status_code == 400, r.text
        assert r.json()["code"] == "invalid_input"


async def test_bodies_over_the_limit_are_413(client: httpx.AsyncClient, db_url: str) -> None:

    big = b'{"booking_id": 1, "pad": "' + b"x" * TOO_BIG + b'"}'
    tok = auth(make_token("player", sub=str(h.create_user(db_url, "player"))))
    r = await client.post("/payments/intent", content=big, headers=tok)
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"

    # The unauthenticated webhook endpoint must not buffer an unbounded body either,
    # with or without a Content-Length header.
    r = await client.post("/stripe/webhook", content=big, headers={"Stripe-Signature": "t=1,v1=00"})
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"

    async def chunks():
        for _ in range(TOO_BIG // 65536):
            yield b"x" * 65536

    r = await client.post(
        "/stripe/webhook", content=chunks(), headers={"Stripe-Signature": "t=1,v1=00"}
    )
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"


async def test_non_finite_time_claims_are_refused(client: httpx.AsyncClient, db_url: str) -> None:
    """PostgREST (aeson) and pgrst (orjson) cannot parse NaN/Infinity claims and answer
    401 PGRST303; the service used Python's json, which reads them, and an `exp` of
    Infinity or NaN never expired."""
    player = str(h.create_user(db_url, "player"))
    for exp in (float("inf"), float("nan")):
        token = jwt.encode(
            {"role": "player", "sub": player, "exp": exp}, db.JWT_SECRET, algorithm="HS256"
        )
        r = await client.post("/payments/intent", json={"booking_id": 1}, headers=auth(token))
        assert r.status_code == 401, (exp, r.text)
        assert r.json()["code"] == "PGRST303"
