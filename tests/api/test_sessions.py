"""Sessions over HTTP (issue 15, invariant 10): through pgrst with courtbook's
db-pre-request (api.check_session) and through the webhook service, a token of
a logged-out or revoked session gets `session_revoked` 401 from both; refresh
tokens rotate and a reused one revokes the session; login is throttled per
account with Retry-After."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from tests.support import db
from tests.support.pgrst_server import COURTBOOK_PRE_REQUEST, authenticator_url, pgrst_server
from tests.support.stripe_recorder import RecordingHTTPClient
from webhook.app import create_app
from webhook.config import Settings


@pytest.fixture(scope="module")
def api(courtbook_db: str) -> Iterator[str]:
    with pgrst_server(
        authenticator_url(courtbook_db),
        jwt_secret=db.JWT_SECRET,
        pre_request=COURTBOOK_PRE_REQUEST,
    ) as url:
        yield url


@pytest.fixture
async def webhook(courtbook_db: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=authenticator_url(courtbook_db, "webhook_service"),
        jwt_secret=db.JWT_SECRET,
        stripe_secret_key="sk_test_courtbook",
        stripe_publishable_key="pk_test_courtbook",
        stripe_webhook_secret="whsec_courtbook_sessions",
        stripe_livemode=False,
        db_timeout=2.0,
        stripe_max_retries=0,
    )
    app = create_app(settings, stripe_http_client=RecordingHTTPClient())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://webhook") as c:
            yield c


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signup(api: str) -> tuple[str, dict[str, str]]:
    email = f"s-{uuid.uuid4().hex[:8]}@sessions.test"
    r = httpx.post(
        f"{api}/rpc/signup",
        json={"email": email, "password": "goodpass1", "full_name": "Sessions"},
        headers={"User-Agent": "courtbook-tests/1.0"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"user_id", "role", "token", "expires_at", "refresh_token"}
    return email, body


async def test_logged_out_token_refused_by_pgrst_and_webhook(
    api: str, webhook: httpx.AsyncClient
) -> None:
    _, s = signup(api)
    auth = bearer(s["token"])
    async with httpx.AsyncClient(base_url=api) as pgrst:
        me = await pgrst.get("/rpc/me", headers=auth)
        assert me.status_code == 200, me.text
        assert me.json()["email_verified"] is False
        # Before logout the webhook service lets the token through to the booking check.
        r = await webhook.post("/payments/intent", json={"booking_id": 999999}, headers=auth)
        assert r.status_code == 404, r.text

        out = await pgrst.post("/rpc/logout", headers=auth)
        assert out.status_code == 200 and out.json() == {"ok": True}, out.text

        for r in (
            await pgrst.get("/rpc/me", headers=auth),
            await pgrst.get("/bookings", headers=auth),
            await pgrst.post("/rpc/hold_slots", json={"slot_ids": [1]}, headers=auth),
            await webhook.post("/payments/intent", json={"booking_id": 1}, headers=auth),
        ):
            assert r.status_code == 401, r.text
            assert r.json()["code"] == "session_revoked"
            assert "invalid_token" in r.headers["www-authenticate"]
        # Anonymous reads are untouched by the check.
        assert (await pgrst.get("/venues")).status_code == 200


def test_refresh_rotates_and_reuse_revokes(api: str) -> None:
    _, s = signup(api)
    # Refresh without an Authorization header: the access token may have expired.
    r1 = httpx.post(f"{api}/rpc/refresh_session", json={"refresh_token": s["refresh_token"]})
    assert r1.status_code == 200, r1.text
    pair = r1.json()
    assert set(pair) == {"token", "expires_at", "refresh_token"}
    assert pair["refresh_token"] != s["refresh_token"]
    assert httpx.get(f"{api}/rpc/me", headers=bearer(pair["token"])).status_code == 200

    reuse = httpx.post(f"{api}/rpc/refresh_session", json={"refresh_token": s["refresh_token"]})
    assert reuse.status_code == 401 and reuse.json()["code"] == "session_revoked", reuse.text
    # The reuse revoked the whole session: the newest tokens are refused too.
    me = httpx.get(f"{api}/rpc/me", headers=bearer(pair["token"]))
    assert me.status_code == 401 and me.json()["code"] == "session_revoked"
    again = httpx.post(f"{api}/rpc/refresh_session", json={"refresh_token": pair["refresh_token"]})
    assert again.status_code == 401 and again.json()["code"] == "session_revoked"


def test_logout_everywhere(api: str) -> None:
    email, s = signup(api)
    other = httpx.post(f"{api}/rpc/login", json={"email": email, "password": "goodpass1"}).json()
    r = httpx.post(f"{api}/rpc/logout_everywhere", headers=bearer(s["token"]))
    assert r.status_code == 200 and r.json() == {"ok": True, "sessions": 2}, r.text
    me = httpx.get(f"{api}/rpc/me", headers=bearer(other["token"]))
    assert me.status_code == 401 and me.json()["code"] == "session_revoked"


def test_login_throttled_per_account(api: str) -> None:
    email, _ = signup(api)
    for _ in range(5):
        r = httpx.post(f"{api}/rpc/login", json={"email": email, "password": "wrongpass1"})
        assert r.status_code == 401 and r.json()["code"] == "invalid_credentials", r.text
    locked = httpx.post(f"{api}/rpc/login", json={"email": email, "password": "goodpass1"})
    assert locked.status_code == 429, locked.text
    assert locked.json()["code"] == "too_many_attempts"
    assert 1 <= int(locked.headers["retry-after"]) <= 900
    # Another account (same address) is not affected.
    email2, _ = signup(api)
    ok = httpx.post(f"{api}/rpc/login", json={"email": email2, "password": "goodpass1"})
    assert ok.status_code == 200, ok.text
