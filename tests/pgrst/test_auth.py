"""Authentication (docs: references/auth.rst, errors.rst PGRST3xx)."""

from __future__ import annotations

import http.client
import json
import time

import httpx
import jwt

from tests.pgrst.conftest import ANON, SECRET, USER, assert_error, make_token


def _bearer(tok: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tok}"}


def test_anonymous_request_runs_as_anon_role(client: httpx.Client) -> None:
    r = client.get("/rpc/whoami")
    assert r.status_code == 200
    body = r.json()
    assert body["role"] == ANON
    assert body["claims"] == {"role": ANON}


def test_token_role_and_claims(client: httpx.Client) -> None:
    tok = make_token(USER, sub="abc", email="a@b.c")
    r = client.get("/rpc/whoami", headers=_bearer(tok))
    assert r.status_code == 200
    body = r.json()
    assert body["role"] == USER
    assert body["claims"]["sub"] == "abc"
    assert body["claims"]["email"] == "a@b.c"
    assert body["claims"]["role"] == USER


def test_bearer_scheme_is_case_insensitive(client: httpx.Client) -> None:
    r = client.get("/rpc/whoami", headers={"Authorization": f"bEaReR {make_token()}"})
    assert r.status_code == 200
    assert r.json()["role"] == USER


def test_other_scheme_means_no_token(client: httpx.Client) -> None:
    r = client.get("/rpc/whoami", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert r.status_code == 200
    assert r.json()["role"] == ANON


def test_token_without_role_claim_uses_anon(client: httpx.Client) -> None:
    r = client.get("/rpc/whoami", headers=_bearer(make_token(None, sub="x")))
    assert r.status_code == 200
    assert r.json()["role"] == ANON
    assert r.json()["claims"] == {"exp": r.json()["claims"]["exp"], "sub": "x", "role": ANON}


def test_empty_bearer_token(base_url: str) -> None:
    # httpx refuses a header value with trailing whitespace; http.client sends it as is.
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/items", headers={"Authorization": "Bearer "})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    assert resp.status == 401
    assert json.loads(body) == {
        "code": "PGRST301",
        "details": None,
        "hint": None,
        "message": "Empty JWT is sent in Authorization header",
    }
    assert resp.getheader("www-authenticate") == (
        'Bearer error="invalid_token", '
        'error_description="Empty JWT is sent in Authorization header"'
    )


def test_malformed_token(client: httpx.Client) -> None:
    r = client.get("/items", headers=_bearer("abc.def"))
    assert_error(r, 401, "PGRST301", "Expected 3 parts in JWT; got 2")
    assert r.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


def test_wrong_signature(client: httpx.Client) -> None:
    tok = make_token(USER, secret="another-secret-that-is-long-enough-0123456789")
    r = client.get("/items", headers=_bearer(tok))
    assert_error(
        r,
        401,
        "PGRST301",
        "No suitable key or wrong key type",
        "None of the keys was able to decode the JWT",
    )
    assert "invalid_token" in r.headers["www-authenticate"]


def test_alg_none_rejected(client: httpx.Client) -> None:
    tok = jwt.encode({"role": USER}, None, algorithm="none")
    r = client.get("/items", headers=_bearer(tok))
    assert r.status_code == 401
    assert r.json()["code"] == "PGRST301"
    assert r.json()["message"] == "Wrong or unsupported encoding algorithm"


def test_expired_token(client: httpx.Client, postgrest_version: tuple[int, int, int]) -> None:
    """PostgREST v13 (production, and pgrst) answers PGRST303; v12 answered PGRST301 (the
    same message; issue 18's v12.0.3 run)."""
    tok = jwt.encode({"role": USER, "exp": int(time.time()) - 120}, SECRET, algorithm="HS256")
    r = client.get("/items", headers=_bearer(tok))
    code = "PGRST303" if postgrest_version >= (13, 0, 0) else "PGRST301"
    assert_error(r, 401, code, "JWT expired")
    assert r.headers["www-authenticate"] == (
        'Bearer error="invalid_token", error_description="JWT expired"'
    )


def test_expiry_has_30s_leeway(client: httpx.Client) -> None:
    tok = jwt.encode({"role": USER, "exp": int(time.time()) - 5}, SECRET, algorithm="HS256")
    assert client.get("/rpc/hello", headers=_bearer(tok)).status_code == 200


def test_exp_must_be_number(client: httpx.Client) -> None:
    tok = jwt.encode({"role": USER, "exp": "soon"}, SECRET, algorithm="HS256")
    r = client.get("/items", headers=_bearer(tok))
    assert_error(r, 401, "PGRST303", "The JWT 'exp' claim must be a number")


def test_not_yet_valid_and_future_iat(client: httpx.Client) -> None:
    tok = jwt.encode({"role": USER, "nbf": int(time.time()) + 600}, SECRET, algorithm="HS256")
    assert_error(client.get("/items", headers=_bearer(tok)), 401, "PGRST303", "JWT not yet valid")
    tok = jwt.encode({"role": USER, "iat": int(time.time()) + 600}, SECRET, algorithm="HS256")
    assert_error(
        client.get("/items", headers=_bearer(tok)), 401, "PGRST303", "JWT issued at future"
    )


def test_bad_aud_type(client: httpx.Client) -> None:
    tok = jwt.encode({"role": USER, "aud": 5}, SECRET, algorithm="HS256")
    r = client.get("/items", headers=_bearer(tok))
    assert_error(r, 401, "PGRST303", "The JWT 'aud' claim must be a string or an array of strings")


def test_aud_accepted_without_configured_audience(client: httpx.Client) -> None:
    tok = jwt.encode({"role": USER, "aud": "anything"}, SECRET, algorithm="HS256")
    assert client.get("/rpc/hello", headers=_bearer(tok)).status_code == 200


def test_unknown_role_is_401(client: httpx.Client) -> None:
    r = client.get("/items", headers=_bearer(make_token("pgrst_test_nosuchrole")))
    assert_error(r, 401, "22023", 'role "pgrst_test_nosuchrole" does not exist')
    assert r.headers["www-authenticate"] == "Bearer"


def test_insufficient_privilege_anon_401_user_403(client: httpx.Client) -> None:
    r = client.get("/rpc/members_only")
    assert_error(r, 401, "42501", "permission denied for function members_only")
    assert r.headers["www-authenticate"] == "Bearer"
    r = client.get("/rpc/members_only", headers=_bearer(make_token()))
    assert r.status_code == 200
    assert r.json() == "welcome"
    r = client.get("/secrets", headers=_bearer(make_token()))
    assert_error(r, 403, "42501", "permission denied for table secrets")
    assert "www-authenticate" not in r.headers


def test_role_settings_applied(client: httpx.Client) -> None:
    r = client.get("/rpc/whoami", headers=_bearer(make_token()))
    assert r.json()["flavor"] == "mint"
    assert client.get("/rpc/whoami").json()["flavor"] in (None, "")
