"""Unit tests of pieces that need no server: configuration, auth edge cases, the parser."""

from __future__ import annotations

import time

import jwt
import pytest

from pgrst.auth import Authenticator
from pgrst.config import Config, ConfigError, load_config, parse_role_claim_key
from pgrst.errors import ApiError
from pgrst.query_params import parse_query, parse_select

SECRET = "unit-secret-0123456789abcdef-0123456789"


def _cfg(**env: str) -> Config:
    base = {"PGRST_JWT_SECRET": SECRET, "PGRST_DB_ANON_ROLE": "anon"}
    base.update(env)
    return load_config({k: v for k, v in base.items() if v is not None})


def test_short_secret_refused() -> None:
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_config({"PGRST_JWT_SECRET": "x" * 31})


def test_env_settings() -> None:
    cfg = _cfg(
        PGRST_DB_SCHEMAS="api, v2",
        PGRST_DB_MAX_ROWS="50",
        PGRST_DB_POOL="3",
        PGRST_DB_PRE_REQUEST="api.check",
        PGRST_APP_SETTINGS_JWT_SECRET="s",
        PGRST_DB_TX_END="rollback-allow-override",
    )
    assert cfg.db_schemas == ["api", "v2"]
    assert cfg.db_max_rows == 50 and cfg.db_pool == 3
    assert cfg.db_pre_request == ("api", "check")
    assert cfg.app_settings == {"app.settings.jwt_secret": "s"}
    assert cfg.tx_allow_override and cfg.tx_default_rollback


def test_role_claim_key_paths() -> None:
    assert parse_role_claim_key(".role") == ["role"]
    assert parse_role_claim_key(".a.b[0]") == ["a", "b", 0]
    assert parse_role_claim_key('."https://x/r".c') == ["https://x/r", "c"]
    cfg = _cfg(PGRST_JWT_ROLE_CLAIM_KEY='."https://x/roles"[1]')
    tok = jwt.encode({"https://x/roles": ["a", "editor"]}, SECRET, algorithm="HS256")
    assert Authenticator(cfg).authenticate(f"Bearer {tok}").role == "editor"


def test_anon_disabled_302() -> None:
    cfg = load_config({"PGRST_JWT_SECRET": SECRET})
    with pytest.raises(ApiError) as exc:
        Authenticator(cfg).authenticate(None)
    assert (exc.value.status, exc.value.code) == (401, "PGRST302")
    assert exc.value.message == "Anonymous access is disabled"
    assert exc.value.headers == [("WWW-Authenticate", "Bearer")]


def test_token_without_secret_300() -> None:
    cfg = load_config({"PGRST_DB_ANON_ROLE": "anon"})
    tok = jwt.encode({"role": "x"}, SECRET, algorithm="HS256")
    with pytest.raises(ApiError) as exc:
        Authenticator(cfg).authenticate(f"Bearer {tok}")
    assert (exc.value.status, exc.value.code) == (500, "PGRST300")
    assert exc.value.message == "Server lacks JWT secret"


def test_audience() -> None:
    auth = Authenticator(_cfg(PGRST_JWT_AUD="courtbook"))
    ok = jwt.encode({"role": "u", "aud": ["x", "courtbook"]}, SECRET, algorithm="HS256")
    assert auth.authenticate(f"Bearer {ok}").role == "u"
    bad = jwt.encode({"role": "u", "aud": "other"}, SECRET, algorithm="HS256")
    with pytest.raises(ApiError) as exc:
        auth.authenticate(f"Bearer {bad}")
    assert (exc.value.code, exc.value.message) == ("PGRST303", "JWT not in audience")


def test_cached_token_still_expires() -> None:
    auth = Authenticator(_cfg())
    tok = jwt.encode({"role": "u", "exp": int(time.time()) - 29}, SECRET, algorithm="HS256")
    assert auth.authenticate(f"Bearer {tok}").authenticated
    key = f"Bearer {tok}"
    # force the cached entry to look expired
    claims, result = auth._cache[tok]  # noqa: SLF001
    auth._cache[tok] = ({**claims, "exp": int(time.time()) - 100}, result)  # noqa: SLF001
    with pytest.raises(ApiError) as exc:
        auth.authenticate(key)
    assert exc.value.message == "JWT expired"


def test_select_parser_shapes() -> None:
    items = parse_select('id,alias:"weird,name"->>k::text,data->0')
    assert items[0].field is not None and items[0].field.name == "id"
    assert items[1].alias == "alias" and items[1].cast == "text"
    assert items[1].field is not None and items[1].field.name == "weird,name"
    assert items[2].field is not None and items[2].field.path == [("->", 0)]


def test_query_plus_is_space_and_reserved() -> None:
    qp = parse_query("name=eq.a+b&select=id&order=id.desc.nullslast&limit=3&offset=1&x")
    flt = qp.filters[0]
    assert flt.value == "a b"  # type: ignore[union-attr]
    assert qp.limit == 3 and qp.offset == 1
    assert qp.order[0].direction == "desc" and qp.order[0].nulls == "last"


def test_rpc_get_args_vs_filters() -> None:
    qp = parse_query("from=2024-01-01T00:00:00%2B00:00&id=eq.5&v=1&v=2", rpc_get=True)
    assert qp.rpc_args == {"from": ["2024-01-01T00:00:00+00:00"], "v": ["1", "2"]}
    assert len(qp.filters) == 1


def test_cast_injection_rejected() -> None:
    with pytest.raises(ApiError) as exc:
        parse_select("id::text);drop table x;--")
    assert exc.value.code == "PGRST100"


def test_jwks_secret() -> None:
    import base64
    import json

    raw = b"k" * 40
    jwks = {"keys": [{"kty": "oct", "k": base64.urlsafe_b64encode(raw).decode().rstrip("=")}]}
    auth = Authenticator(_cfg(PGRST_JWT_SECRET=json.dumps(jwks)))
    tok = jwt.encode({"role": "u"}, raw, algorithm="HS256")
    assert auth.authenticate(f"Bearer {tok}").role == "u"
    other = jwt.encode({"role": "u"}, b"x" * 40, algorithm="HS256")
    with pytest.raises(ApiError) as exc:
        auth.authenticate(f"Bearer {other}")
    assert exc.value.details == "None of the keys was able to decode the JWT"


def test_known_header_fast_path_answers_as_pyjws() -> None:
    """A header segment PyJWS accepted lets later tokens skip PyJWS (only their HMAC is
    checked); whatever does not verify there goes through PyJWS and gets its answer."""
    from postgrest_compat.jwt import JwtVerifier

    v = JwtVerifier(SECRET)
    first = jwt.encode({"role": "u", "sub": "a"}, SECRET, algorithm="HS256")
    assert v.decode(first) == {"role": "u", "sub": "a"}  # through PyJWS: the header is learnt
    assert v._known_headers == {first.split(".")[0]: 0}
    second = jwt.encode({"role": "u", "sub": "b", "n": [1, 2]}, SECRET, algorithm="HS256")
    assert v.decode(second) == {"role": "u", "sub": "b", "n": [1, 2]}
    # a forged signature, a payload swapped under a valid signature, another key: PyJWS's errors
    head, body, sig = second.split(".")
    forged = [
        f"{head}.{body}.{sig[:-2]}{'AA' if sig[-2:] != 'AA' else 'BB'}",
        f"{head}.{first.split('.')[1]}.{sig}",
        jwt.encode({"role": "u"}, "another-secret-0123456789abcdef-0123", algorithm="HS256"),
        f"{head}.{body}.{sig}!",  # outside the base64url alphabet
    ]
    for token in forged:
        with pytest.raises(ApiError) as exc:
            v.decode(token)
        assert exc.value.code == "PGRST301"
        assert JwtVerifier(SECRET)._fast(token.split(".")) is None
    # claims that are not an object answer as before, on both paths
    not_object = jwt.api_jws.encode(b"[1]", SECRET, algorithm="HS256")
    for verifier in (v, JwtVerifier(SECRET)):
        with pytest.raises(ApiError) as exc:
            verifier.decode(not_object)
        assert (exc.value.code, exc.value.message) == ("PGRST303", "Parsing claims failed")
