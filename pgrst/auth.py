"""JWT authentication the way PostgREST v13 does it: the verification itself is
postgrest_compat.jwt (shared with the webhook service); here the gateway's part:
the anonymous role, the role claim key, and a small cache of verified tokens."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import orjson

from pgrst.config import Config
from pgrst.errors import ApiError
from postgrest_compat.jwt import JwtVerifier, bearer_token, check_times, claim_at, invalid_token

_CACHE_MAX = 1000


@dataclass(frozen=True)
class AuthResult:
    role: str
    claims_json: str  # request.jwt.claims value
    authenticated: bool  # resolved role differs from the anon role


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
        self._verifier = JwtVerifier(config.jwt_secret, config.jwt_aud)
        self._cache: dict[str, tuple[dict[str, Any], AuthResult]] = {}
        anon = config.db_anon_role
        self._anon_result = (
            AuthResult(anon, orjson.dumps({"role": anon}).decode(), False) if anon else None
        )

    def authenticate(self, authorization: str | None) -> AuthResult:
        token = bearer_token(authorization)
        if token is None:
            if self._anon_result is None:
                raise _anon_disabled()
            return self._anon_result
        if token == "":
            raise invalid_token("Empty JWT is sent in Authorization header")
        if not self.config.jwt_secret:
            raise ApiError(500, "PGRST300", "Server lacks JWT secret")
        hit = self._cache.get(token)
        if hit is not None:
            check_times(hit[0], time.time())
            return hit[1]
        claims = self._verifier.claims(token)
        result = self._result(claims)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[token] = (claims, result)
        return result

    def _result(self, claims: dict[str, Any]) -> AuthResult:
        role = claim_at(claims, self.config.jwt_role_claim_key)
        anon = self.config.db_anon_role
        if role is None:
            if anon is None:
                raise _anon_disabled()
            role = anon
        full = dict(claims)
        full["role"] = role
        return AuthResult(role, orjson.dumps(full).decode(), role != anon)
