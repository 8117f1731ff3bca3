"""The API.md JWT, checked the way PostgREST checks it: HS256 with the shared
secret, claims `role`, `sub`, `exp` (30 s leeway). Errors are PostgREST's:
PGRST301 (the token cannot be decoded or verified), PGRST303 (bad claims,
expired), each with PostgREST's WWW-Authenticate header. No token at all is an
anonymous call, which these endpoints refuse like PostgREST refuses anon a
function it may not execute: 401 with `WWW-Authenticate: Bearer`.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from jwt.utils import base64url_decode

from webhook.errors import ApiError

LEEWAY = 30
# The algorithms PostgREST knows; anything else ("none" included) is unsupported.
SUPPORTED_ALGS = frozenset(
    {"HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
     "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA"}
)  # fmt: skip


@dataclass(frozen=True)
class Caller:
    role: str
    user_id: uuid.UUID
    claims: dict[str, Any]


def _www(message: str) -> dict[str, str]:
    return {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{message}"'}


def _e301(message: str, details: str | None = None) -> ApiError:
    return ApiError(401, "PGRST301", message, details, headers=_www(message))


def _e303(message: str) -> ApiError:
    return ApiError(401, "PGRST303", message, headers=_www(message))


def anonymous() -> ApiError:
    return ApiError(
        401,
        "42501",
        "permission denied: this endpoint needs a logged-in user",
        hint="Send Authorization: Bearer <token> from /rpc/login",
        headers={"WWW-Authenticate": "Bearer"},
    )


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, rest = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return rest.strip()


def _number(claims: dict[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _e303(f"The JWT '{name}' claim must be a number")
    return float(value)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _strict_json(segment: str) -> bool:
    """The (already verified) payload segment is strict JSON: no NaN/Infinity."""
    try:
        json.loads(base64url_decode(segment), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return False
    return True


def decode(token: str, secret: str, now: float | None = None) -> dict[str, Any]:
    """Verified claims of `token`, or PostgREST's 401."""
    if token == "":
        raise _e301("Empty JWT is sent in Authorization header")
    parts = token.split(".")
    if len(parts) != 3:
        raise _e301(f"Expected 3 parts in JWT; got {len(parts)}")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise _e301("JWT cryptographic operation failed") from exc
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in SUPPORTED_ALGS:
        raise _e301("Wrong or unsupported encoding algorithm", f"Unsupported algorithm: {alg}")
    if alg != "HS256":  # a known algorithm, but our only key is the HS256 secret
        raise _e301(
            "No suitable key or wrong key type", "None of the keys was able to decode the JWT"
        )
    try:
        # Times are checked below, with PostgREST's leeway and messages.
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                     "verify_aud": False},
        )  # fmt: skip
    except jwt.InvalidSignatureError as exc:
        raise _e301(
            "No suitable key or wrong key type", "None of the keys was able to decode the JWT"
        ) from exc
    except jwt.DecodeError as exc:
        raise _e303("Parsing claims failed") from exc
    except jwt.PyJWTError as exc:
        raise _e301("JWT cryptographic operation failed") from exc
    if not isinstance(claims, dict) or not _strict_json(parts[1]):
        # PostgREST's JSON parser (and pgrst's orjson) refuse NaN/Infinity, which
        # Python's json accepts: an `exp` of Infinity or NaN would never expire.
        raise _e303("Parsing claims failed")
    t = time.time() if now is None else now
    exp = _number(claims, "exp")
    if exp is not None and t > exp + LEEWAY:
        raise _e303("JWT expired")
    nbf = _number(claims, "nbf")
    if nbf is not None and t < nbf - LEEWAY:
        raise _e303("JWT not yet valid")
    iat = _number(claims, "iat")
    if iat is not None and t < iat - LEEWAY:
        raise _e303("JWT issued at future")
    return claims


def authenticate(authorization: str | None, secret: str) -> Caller:
    """The logged-in caller of a request, or the 401 PostgREST would answer."""
    token = bearer_token(authorization)
    if token is None:
        raise anonymous()
    claims = decode(token, secret)
    role = claims.get("role")
    if not isinstance(role, str) or role in ("", "anon"):
        raise anonymous()
    try:
        user_id = uuid.UUID(str(claims.get("sub")))
    except ValueError as exc:
        raise _e303("The JWT 'sub' claim must be a user id (uuid)") from exc
    return Caller(role=role, user_id=user_id, claims=claims)


def require_role(caller: Caller, *roles: str) -> None:
    if caller.role not in roles:
        raise ApiError(
            403, "forbidden", f"This needs the {' or '.join(roles)} role, not {caller.role}"
        )
