"""The webhook service and pgrst each check tokens the way PostgREST does, in code
of their own (the service must not depend on the local gateway). They drifted once
(a NaN `exp` passed here and not there); this holds both to the same answers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import pytest

from pgrst.auth import Authenticator
from pgrst.config import Config
from pgrst.errors import ApiError as PgrstError
from tests.support.db import JWT_SECRET
from webhook.auth import decode
from webhook.errors import ApiError as WebhookError


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


HS256_HEADER = _b64(b'{"alg":"HS256","typ":"JWT"}')


def signed(body: str, secret: str = JWT_SECRET) -> str:
    """An HS256 token over an already encoded payload segment."""
    sig = hmac.new(secret.encode(), f"{HS256_HEADER}.{body}".encode(), hashlib.sha256).digest()
    return f"{HS256_HEADER}.{body}.{_b64(sig)}"


def raw_token(payload: str, secret: str = JWT_SECRET) -> str:
    """A token whose payload is given as text, so that it may hold NaN or Infinity."""
    return signed(_b64(payload.encode()), secret)


def claims(**extra: Any) -> str:
    return json.dumps({"role": "player", "sub": "00000000-0000-0000-0000-000000000001", **extra})


NOW = int(time.time())
CASES = {
    "empty": "",
    "two parts": "abc.def",
    "garbage": "not.a.jwt",
    "wrong key": raw_token(claims(exp=NOW + 60), secret="another-secret-of-at-least-32-chars!!"),
    "alg none": _b64(b'{"alg":"none","typ":"JWT"}') + "." + _b64(claims().encode()) + ".",
    "alg HS512 (known, not our key type)": _b64(b'{"alg":"HS512","typ":"JWT"}')
    + "."
    + _b64(claims().encode())
    + ".c2ln",
    "expired": raw_token(claims(exp=NOW - 120)),
    "not yet valid": raw_token(claims(nbf=NOW + 600)),
    "issued in the future": raw_token(claims(iat=NOW + 600)),
    "exp not a number": raw_token(claims(exp="tomorrow")),
    "exp NaN": raw_token(
        '{"role":"player","sub":"00000000-0000-0000-0000-000000000001","exp":NaN}'
    ),
    "exp Infinity": raw_token(
        '{"role":"player","sub":"00000000-0000-0000-0000-000000000001","exp":Infinity}'
    ),
    "payload not JSON": signed(_b64(b"[1,")),
}


def webhook_answer(token: str) -> tuple[int, str, str] | None:
    try:
        decode(token, JWT_SECRET)
    except WebhookError as err:
        return err.status, err.code, err.message
    return None


def pgrst_answer(token: str) -> tuple[int, str, str] | None:
    auth = Authenticator(Config(db_anon_role="anon", jwt_secret=JWT_SECRET))
    try:
        auth.authenticate(f"Bearer {token}")
    except PgrstError as err:
        return err.status, err.code, err.message
    return None


@pytest.mark.parametrize("case", sorted(CASES))
def test_both_refuse_alike(case: str) -> None:
    webhook, gateway = webhook_answer(CASES[case]), pgrst_answer(CASES[case])
    assert webhook is not None, f"the webhook service accepted a token that is {case}"
    assert webhook == gateway


def test_both_accept_a_good_token() -> None:
    good = raw_token(claims(exp=NOW + 600, email="p@example.test"))
    assert webhook_answer(good) is None and pgrst_answer(good) is None
