"""JWT authentication the way PostgREST v13 does it (HS256 shared secret)."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from typing import Any

import jwt
import orjson

from pgrst.config import Config
from pgrst.errors import ApiError

LEEWAY = 30
_CACHE_MAX = 1000
_SUPPORTED_ALGS = {
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
    "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA",
}  # fmt: skip


@dataclass(frozen=True)
class AuthResult:
    role: str
    claims_json: str  # request.jwt.claims value
    authenticated: bool  # resolved role differs from the anon role


def _www_auth(message: str) -> list[tuple[str, str]]:
    return [("WWW-Authenticate", f'Bearer error="invalid_token", error_description="{message}"')]


def _e301(message: str, details: Any = None) -> ApiError:
    return ApiError(401, "PGRST301", message, details, headers=_www_auth(message))


def _e303(message: str) -> ApiError:
    return ApiError(401, "PGRST303", message, headers=_www_auth(message))


def _anon_disabled() -> ApiError:
    return ApiError(
        401,
        "PGRST302",
        "Anonymous access is disabled",
        headers=[("WWW-Authenticate", "Bearer")],
    )


class Authenticator:
    def __init__(self, config: Config) -> None:
        self.config = config
        self._jws = jwt.PyJWS()
        self._keys = _hmac_keys(config.jwt_secret)
        self._cache: dict[str, tuple[dict[str, Any], AuthResult]] = {}
        anon = config.db_anon_role
        self._anon_result = (
            AuthResult(anon, orjson.dumps({"role": anon}).decode(), False) if anon else None
        )

    def authenticate(self, authorization: str | None) -> AuthResult:
        token = _bearer(authorization)
        if token is None:
            if self._anon_result is None:
                raise _anon_disabled()
            return self._anon_result
        if token == "":
            raise _e301("Empty JWT is sent in Authorization header")
        if not self.config.jwt_secret:
            raise ApiError(500, "PGRST300", "Server lacks JWT secret")
        hit = self._cache.get(token)
        if hit is not None:
            _check_times(hit[0], time.time())
            return hit[1]
        claims = self._decode(token)
        result = self._validate(claims)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[token] = (claims, result)
        return result

    def _decode(self, token: str) -> dict[str, Any]:
        parts = token.split(".")
        if len(parts) != 3:
            raise _e301(f"Expected 3 parts in JWT; got {len(parts)}")
        try:
            header = self._jws.get_unverified_header(token)
        except jwt.exceptions.DecodeError as exc:
            raise _e301("JWT cryptographic operation failed") from exc
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in _SUPPORTED_ALGS:
            raise _e301("Wrong or unsupported encoding algorithm", f"Unsupported algorithm: {alg}")
        if alg != "HS256":
            raise _e301(
                "No suitable key or wrong key type", "None of the keys was able to decode the JWT"
            )
        payload = None
        for key in self._keys:
            try:
                payload = self._jws.decode(token, key, algorithms=["HS256"])
                break
            except jwt.exceptions.InvalidSignatureError:
                continue
            except jwt.exceptions.PyJWTError as exc:
                raise _e301("JWT cryptographic operation failed") from exc
        if payload is None:
            raise _e301(
                "No suitable key or wrong key type", "None of the keys was able to decode the JWT"
            )
        try:
            claims = orjson.loads(payload)
        except orjson.JSONDecodeError as exc:
            raise _e303("Parsing claims failed") from exc
        if not isinstance(claims, dict):
            raise _e303("Parsing claims failed")
        return claims

    def _validate(self, claims: dict[str, Any]) -> AuthResult:
        _check_times(claims, time.time())
        aud = claims.get("aud")
        if aud is not None:
            if isinstance(aud, str):
                auds = [aud]
            elif isinstance(aud, list) and all(isinstance(a, str) for a in aud):
                auds = aud
            else:
                raise _e303("The JWT 'aud' claim must be a string or an array of strings")
            if self.config.jwt_aud is not None and auds and self.config.jwt_aud not in auds:
                raise _e303("JWT not in audience")
        role = _walk(claims, self.config.jwt_role_claim_key)
        anon = self.config.db_anon_role
        if role is None:
            if anon is None:
                raise _anon_disabled()
            role = anon
        full = dict(claims)
        full["role"] = role
        return AuthResult(role, orjson.dumps(full).decode(), role != anon)


def _bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, rest = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return rest.strip()


def _num(claims: dict[str, Any], name: str) -> float | None:
    val = claims.get(name)
    if val is None:
        return None
    if isinstance(val, bool) or not isinstance(val, int | float):
        raise _e303(f"The JWT '{name}' claim must be a number")
    return float(val)


def _check_times(claims: dict[str, Any], now: float) -> None:
    exp = _num(claims, "exp")
    if exp is not None and now > exp + LEEWAY:
        raise _e303("JWT expired")
    nbf = _num(claims, "nbf")
    if nbf is not None and now < nbf - LEEWAY:
        raise _e303("JWT not yet valid")
    iat = _num(claims, "iat")
    if iat is not None and now < iat - LEEWAY:
        raise _e303("JWT issued at future")


def _walk(claims: Any, path: list[str | int]) -> str | None:
    cur: Any = claims
    for step in path:
        if isinstance(step, int):
            if not isinstance(cur, list) or step >= len(cur):
                return None
            cur = cur[step]
        else:
            if not isinstance(cur, dict) or step not in cur:
                return None
            cur = cur[step]
    if cur is None:
        return None
    if isinstance(cur, str):
        return cur
    return orjson.dumps(cur).decode()


def _hmac_keys(secret: str | None) -> list[bytes]:
    """The HMAC keys: the secret text itself, or the `oct` keys of a JWK / JWKS document."""
    if not secret:
        return []
    text = secret.strip()
    if text.startswith("{"):
        try:
            doc = orjson.loads(text)
        except orjson.JSONDecodeError:
            return [secret.encode()]
        jwks = doc.get("keys") if isinstance(doc, dict) and "keys" in doc else [doc]
        keys = []
        for jwk in jwks if isinstance(jwks, list) else []:
            if isinstance(jwk, dict) and jwk.get("kty") == "oct" and isinstance(jwk.get("k"), str):
                k = jwk["k"]
                keys.append(base64.urlsafe_b64decode(k + "=" * (-len(k) % 4)))
        return keys
    return [secret.encode()]
