"""Accounts over HTTP (issue 15), through pgrst with courtbook's db-pre-request:
profile, change_password, the password-reset flow end to end with the code read
from the outbox row the worker would send (rendered by the worker's own code),
email verification, deletion; the hostile cases: revoked sessions, wrong, used
and expired codes, racing confirmations, enumeration attempts, bad input (never
a 500)."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from tests.support import db
from tests.support.pgrst_server import COURTBOOK_PRE_REQUEST, authenticator_url, pgrst_server
from tests.support.stripe_recorder import RecordingHTTPClient
from webhook.app import create_app
from webhook.config import Settings
from worker.notify.render import render

PASSWORD = "goodpass1"


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
        stripe_webhook_secret="whsec_courtbook_accounts",
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


def signup(api: str) -> tuple[str, dict[str, Any]]:
    email = f"a-{uuid.uuid4().hex[:10]}@accounts.test"
    r = httpx.post(
        f"{api}/rpc/signup", json={"email": email, "password": PASSWORD, "full_name": "Acc"}
    )
    assert r.status_code == 200, r.text
    return email, r.json()


def rpc(api: str, name: str, body: dict[str, Any] | None = None, token: str | None = None):
    return httpx.post(
        f"{api}/rpc/{name}", json=body or {}, headers=bearer(token) if token else {}, timeout=30
    )


def me(api: str, token: str) -> httpx.Response:
    return httpx.get(f"{api}/rpc/me", headers=bearer(token), timeout=30)


def error(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.json()["code"] == code, r.text


def worker_sends(db_url: str, user_id: str, kind: str) -> Any:
    """What the worker would send for the user's latest unsent outbox row of this
    kind: claimed as worker_service (internal.notification_to_send), rendered by
    worker.notify.render, then confirmed (internal.mark_notification_sent)."""
    found = rows(
        db_url,
        "select id from data.notification where user_id = %s and kind = %s"
        " and sent_at is null order by id desc limit 1",
        user_id,
        kind,
    )
    assert found, f"no {kind} notification for {user_id}"
    nid = found[0]["id"]
    with psycopg.connect(
        db.url_for(db_url.rsplit("/", 1)[1], user="worker_service"), autocommit=True
    ) as conn:
        (row,) = conn.execute("select internal.notification_to_send(%s)", (nid,)).fetchone()
        message = render(row)
        conn.execute("select internal.mark_notification_sent(%s)", (nid,))
    return message


def code_in(message: Any) -> str:
    found = re.findall(r"\b\d{6}\b", message.body)
    assert len(found) == 1, message.body
    return found[0]


def rows(db_url: str, sql: str, *params: object) -> list[dict[str, Any]]:
    with psycopg.connect(db_url, autocommit=True, row_factory=dict_row) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


def test_reset_flow_end_to_end_with_the_code_the_worker_sends(api: str, courtbook_db: str) -> None:
    email, s = signup(api)
    other = rpc(api, "login", {"email": email, "password": PASSWORD}).json()

    r = rpc(api, "request_password_reset", {"email": email.upper()})
    assert r.status_code == 200 and r.json() == {"ok": True}, r.text
    message = worker_sends(courtbook_db, s["user_id"], "password_reset")
    assert message.email == email and message.kind == "password_reset"
    code = code_in(message)
    # Once delivered, the outbox row forgets the code.
    [row] = rows(
        courtbook_db,
        "select payload from data.notification where user_id = %s and kind = 'password_reset'",
        s["user_id"],
    )
    assert "code" not in row["payload"] and code not in row["payload"]["body"]

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    error(
        rpc(api, "reset_password", {"email": email, "code": wrong, "new_password": "resetpass1"}),
        400,
        "invalid_code",
    )
    ok = rpc(api, "reset_password", {"email": email, "code": code, "new_password": "resetpass1"})
    assert ok.status_code == 200 and ok.json() == {"ok": True}, ok.text
    # Every session is revoked; the refresh tokens too.
    for token in (s["token"], other["token"]):
        error(me(api, token), 401, "session_revoked")
    error(
        rpc(api, "refresh_session", {"refresh_token": s["refresh_token"]}), 401, "session_revoked"
    )
    # The used code, the old password: refused; the new one logs in.
    error(
        rpc(api, "reset_password", {"email": email, "code": code, "new_password": "resetpass2"}),
        400,
        "invalid_code",
    )
    error(rpc(api, "login", {"email": email, "password": PASSWORD}), 401, "invalid_credentials")
    fresh = rpc(api, "login", {"email": email, "password": "resetpass1"})
    assert fresh.status_code == 200, fresh.text
    assert (
        me(api, fresh.json()["token"]).json()["email_verified"] is True
    )  # the code proved the address


def test_reset_does_not_tell_whether_an_account_exists(api: str, courtbook_db: str) -> None:
    email, _ = signup(api)
    ghost = f"ghost-{uuid.uuid4().hex[:8]}@accounts.test"

    def answer(r: httpx.Response) -> tuple[int, str, dict[str, str]]:
        keep = {k: v for k, v in r.headers.items() if k.lower() not in ("date", "content-length")}
        return r.status_code, r.text, keep

    known = rpc(api, "request_password_reset", {"email": email})
    unknown = rpc(api, "request_password_reset", {"email": ghost})
    assert answer(known) == answer(unknown)
    assert known.json() == {"ok": True}
    # Guessing codes: an unknown email is answered and locked exactly like a known one.
    for who in (email, ghost):
        answers = [
            rpc(
                api,
                "reset_password",
                {"email": who, "code": f"{n:06d}", "new_password": "x1234567"},
            )
            for n in range(5)
        ]
        assert [(a.status_code, a.json()["code"]) for a in answers] == [(400, "invalid_code")] * 5
        locked = rpc(
            api, "reset_password", {"email": who, "code": "000009", "new_password": "x1234567"}
        )
        error(locked, 429, "too_many_attempts")
        assert 1 <= int(locked.headers["retry-after"]) <= 1800


def test_expired_code_is_refused(api: str, courtbook_db: str) -> None:
    email, s = signup(api)
    assert rpc(api, "request_password_reset", {"email": email}).status_code == 200
    code = code_in(worker_sends(courtbook_db, s["user_id"], "password_reset"))
    rows(
        courtbook_db,
        "update data.account_code set created_at = created_at - interval '31 minutes',"
        " expires_at = expires_at - interval '31 minutes' where user_id = %s returning id",
        s["user_id"],
    )
    error(
        rpc(api, "reset_password", {"email": email, "code": code, "new_password": "resetpass1"}),
        400,
        "invalid_code",
    )
    assert me(api, s["token"]).status_code == 200


def race(n: int, call: Callable[[], httpx.Response]) -> list[httpx.Response]:
    barrier = threading.Barrier(n)

    def go() -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: go(), range(n)))


def test_racing_confirmations_let_one_through(api: str, courtbook_db: str) -> None:
    email, s = signup(api)
    assert rpc(api, "request_email_verification", token=s["token"]).json() == {"ok": True}
    code = code_in(worker_sends(courtbook_db, s["user_id"], "email_verification"))
    answers = race(4, lambda: rpc(api, "verify_email", {"code": code}, s["token"]))
    outcomes = sorted((a.status_code, a.json().get("code", "ok")) for a in answers)
    assert outcomes == [
        (200, "ok"),
        (400, "invalid_code"),
        (400, "invalid_code"),
        (400, "invalid_code"),
    ]
    assert me(api, s["token"]).json()["email_verified"] is True

    assert rpc(api, "request_password_reset", {"email": email}).status_code == 200
    code = code_in(worker_sends(courtbook_db, s["user_id"], "password_reset"))
    answers = race(
        4,
        lambda: rpc(
            api, "reset_password", {"email": email, "code": code, "new_password": "racepass1"}
        ),
    )
    assert sorted(a.status_code for a in answers) == [200, 400, 400, 400], [a.text for a in answers]
    assert rpc(api, "login", {"email": email, "password": "racepass1"}).status_code == 200


def test_verification_codes_are_per_account_and_tries_are_limited(
    api: str, courtbook_db: str
) -> None:
    _, ann = signup(api)
    _, bob = signup(api)
    assert rpc(api, "request_email_verification", token=bob["token"]).status_code == 200
    bobs = code_in(worker_sends(courtbook_db, bob["user_id"], "email_verification"))
    assert rpc(api, "request_email_verification", token=ann["token"]).status_code == 200
    anns = code_in(worker_sends(courtbook_db, ann["user_id"], "email_verification"))
    if bobs != anns:
        error(rpc(api, "verify_email", {"code": bobs}, ann["token"]), 400, "invalid_code")
    error(rpc(api, "verify_email", {"code": "12345"}, ann["token"]), 400, "invalid_input")
    wrong = f"{(int(anns) + 1) % 1_000_000:06d}"
    for _ in range(4 if bobs != anns else 5):
        error(rpc(api, "verify_email", {"code": wrong}, ann["token"]), 400, "invalid_code")
    locked = rpc(api, "verify_email", {"code": anns}, ann["token"])
    error(locked, 429, "too_many_attempts")
    assert "retry-after" in locked.headers
    # Anonymous callers get PostgREST's 401.
    assert rpc(api, "verify_email", {"code": anns}).status_code == 401
    assert rpc(api, "request_email_verification").status_code == 401


def test_profile_over_http(api: str) -> None:
    _, s = signup(api)
    r = rpc(
        api,
        "update_profile",
        {"full_name": "Ana", "phone": "+34600123456", "level": 4.5},
        s["token"],
    )
    assert r.status_code == 200, r.text
    assert r.json() == me(api, s["token"]).json()
    assert r.json()["level"] == 4.5 and r.json()["phone"] == "+34600123456"
    for bad in (
        {"level": 8},
        {"level": "abc"},
        {"phone": "12"},
        {"full_name": ""},
        {"level": 3.33},
    ):
        r = rpc(api, "update_profile", bad, s["token"])
        assert r.status_code == 400, (bad, r.text)
    assert rpc(api, "update_profile", {"full_name": "X"}).status_code == 401


async def test_change_password_revokes_the_other_sessions(
    api: str, webhook: httpx.AsyncClient
) -> None:
    email, s = signup(api)
    other = rpc(api, "login", {"email": email, "password": PASSWORD}).json()
    error(
        rpc(
            api,
            "change_password",
            {"current_password": "nope12345", "new_password": "newpass22"},
            s["token"],
        ),
        401,
        "invalid_credentials",
    )
    r = rpc(
        api,
        "change_password",
        {"current_password": PASSWORD, "new_password": "newpass22"},
        s["token"],
    )
    assert r.status_code == 200, r.text
    pair = r.json()
    assert set(pair) == {"token", "expires_at", "refresh_token"}
    assert me(api, pair["token"]).status_code == 200
    error(me(api, other["token"]), 401, "session_revoked")
    r2 = await webhook.post(
        "/payments/intent", json={"booking_id": 1}, headers=bearer(other["token"])
    )
    error(r2, 401, "session_revoked")
    error(
        rpc(api, "refresh_session", {"refresh_token": other["refresh_token"]}),
        401,
        "session_revoked",
    )
    # The new refresh token keeps this session going.
    again = rpc(api, "refresh_session", {"refresh_token": pair["refresh_token"]})
    assert again.status_code == 200, again.text


async def test_delete_account_over_http(
    api: str, courtbook_db: str, webhook: httpx.AsyncClient
) -> None:
    email, s = signup(api)
    _, stranger = signup(api)
    error(
        rpc(api, "delete_account", {"password": "nope12345"}, s["token"]),
        401,
        "invalid_credentials",
    )
    # Someone else's token deletes only its own account, with its own password.
    error(
        rpc(api, "delete_account", {"password": "nope12345"}, stranger["token"]),
        401,
        "invalid_credentials",
    )
    # A logged-out session cannot delete.
    logged_out = rpc(api, "login", {"email": email, "password": PASSWORD}).json()
    assert rpc(api, "logout", token=logged_out["token"]).status_code == 200
    error(
        rpc(api, "delete_account", {"password": PASSWORD}, logged_out["token"]),
        401,
        "session_revoked",
    )

    r = rpc(api, "delete_account", {"password": PASSWORD}, s["token"])
    assert r.status_code == 200, r.text
    assert r.json() == {"deleted": True, "cancelled_bookings": 0, "refund_cents": 0}
    error(me(api, s["token"]), 401, "session_revoked")
    error(
        await webhook.post("/payments/intent", json={"booking_id": 1}, headers=bearer(s["token"])),
        401,
        "session_revoked",
    )
    error(
        rpc(api, "refresh_session", {"refresh_token": s["refresh_token"]}), 401, "session_revoked"
    )
    error(rpc(api, "login", {"email": email, "password": PASSWORD}), 401, "invalid_credentials")
    assert me(api, stranger["token"]).status_code == 200
    again = rpc(api, "signup", {"email": email, "password": PASSWORD, "full_name": "Again"})
    assert again.status_code == 200, again.text
    assert again.json()["user_id"] != s["user_id"]

    owner = rpc(
        api,
        "signup",
        {
            "email": f"o-{uuid.uuid4().hex[:8]}@accounts.test",
            "password": PASSWORD,
            "full_name": "O",
            "role": "owner",
        },
    ).json()
    venue = rpc(
        api,
        "create_venue",
        {
            "name": "Club",
            "address": "A",
            "city": "Madrid",
            "lat": 40.4,
            "lng": -3.7,
            "timezone": "Europe/Madrid",
        },
        owner["token"],
    )
    assert venue.status_code == 200, venue.text
    error(rpc(api, "delete_account", {"password": PASSWORD}, owner["token"]), 409, "has_venues")


def test_bad_input_is_never_a_500(api: str) -> None:
    _, s = signup(api)
    calls: list[tuple[str, dict[str, Any], str | None]] = [
        ("request_password_reset", {"email": None}, None),
        ("request_password_reset", {"email": ["x"]}, None),
        ("request_password_reset", {"email": "x" * 5000}, None),
        ("reset_password", {"email": "a@b.c", "code": None, "new_password": None}, None),
        ("reset_password", {"email": "a@b.c", "code": "1" * 5000, "new_password": "x"}, None),
        ("reset_password", {"email": None, "code": "123456", "new_password": "goodpass1"}, None),
        ("verify_email", {"code": None}, s["token"]),
        ("verify_email", {"code": "\u0661\u0662\u0663\u0664\u0665\u0666"}, s["token"]),
        ("update_profile", {"level": "NaN"}, s["token"]),
        ("update_profile", {"level": "1e400"}, s["token"]),
        ("update_profile", {"phone": "+" + "1" * 500}, s["token"]),
        ("change_password", {"current_password": None, "new_password": None}, s["token"]),
        (
            "change_password",
            {"current_password": "x" * 10000, "new_password": "y1" * 50},
            s["token"],
        ),
        ("delete_account", {}, s["token"]),
        ("delete_account", {"password": None}, s["token"]),
    ]
    for name, body, token in calls:
        r = rpc(api, name, body, token)
        assert r.status_code < 500, (name, body, r.text)
        assert r.status_code in (400, 401, 404), (name, body, r.status_code, r.text)


def test_my_sessions_and_logging_another_device_out(api: str) -> None:
    email, phone = signup(api)
    laptop = rpc(api, "login", {"email": email, "password": PASSWORD}).json()
    _, stranger = signup(api)
    r = httpx.get(f"{api}/rpc/my_sessions", headers=bearer(phone["token"]))
    assert r.status_code == 200, r.text
    sessions = r.json()
    assert len(sessions) == 2 and sum(s["current"] for s in sessions) == 1
    assert set(sessions[0]) == {"session_id", "created_at", "last_used_at", "user_agent", "current"}
    other = next(s["session_id"] for s in sessions if not s["current"])
    # A stranger cannot log my laptop out (nor learn that the session exists).
    error(rpc(api, "revoke_session", {"session_id": other}, stranger["token"]), 404, "not_found")
    error(rpc(api, "revoke_session", {"session_id": "not-a-uuid"}, phone["token"]), 400, "22P02")
    ok = rpc(api, "revoke_session", {"session_id": other}, phone["token"])
    assert ok.status_code == 200 and ok.json() == {"ok": True}, ok.text
    error(me(api, laptop["token"]), 401, "session_revoked")
    assert me(api, phone["token"]).status_code == 200
    error(
        rpc(api, "refresh_session", {"refresh_token": laptop["refresh_token"]}),
        401,
        "session_revoked",
    )


async def test_support_revokes_every_session_of_a_user(
    api: str, courtbook_db: str, webhook: httpx.AsyncClient
) -> None:
    """docs/operations.md, "Support": a stolen phone. An admin ends every session
    of the player; the phone's next call gets session_revoked 401 from pgrst and
    from the webhook service, its refresh token too; the player logs in again."""
    email, phone = signup(api)
    laptop = rpc(api, "login", {"email": email, "password": PASSWORD}).json()
    support_email, support = signup(api)
    rows(
        courtbook_db,
        "update data.app_user set role = 'admin' where id = %s returning id",
        support["user_id"],
    )
    admin = rpc(api, "login", {"email": support_email, "password": PASSWORD}).json()
    assert admin["role"] == "admin", admin

    body = {"user_id": phone["user_id"]}
    r = rpc(api, "revoke_user_sessions", body, laptop["token"])
    assert r.status_code == 403, r.text
    assert rpc(api, "revoke_user_sessions", body).status_code == 401
    error(rpc(api, "revoke_user_sessions", {"user_id": None}, admin["token"]), 400, "invalid_input")
    error(
        rpc(api, "revoke_user_sessions", {"user_id": str(uuid.uuid4())}, admin["token"]),
        404,
        "not_found",
    )
    assert me(api, phone["token"]).status_code == 200

    r = rpc(api, "revoke_user_sessions", body, admin["token"])
    assert r.status_code == 200, r.text
    assert r.json() == {"user_id": phone["user_id"], "revoked": 2}

    for token in (phone["token"], laptop["token"]):
        error(me(api, token), 401, "session_revoked")
    r2 = await webhook.post(
        "/payments/intent", json={"booking_id": 1}, headers=bearer(phone["token"])
    )
    error(r2, 401, "session_revoked")
    error(
        rpc(api, "refresh_session", {"refresh_token": phone["refresh_token"]}),
        401,
        "session_revoked",
    )
    assert me(api, admin["token"]).status_code == 200, "the admin's own session goes on"
    again = rpc(api, "login", {"email": email, "password": PASSWORD})
    assert again.status_code == 200, again.text
    assert me(api, again.json()["token"]).status_code == 200
