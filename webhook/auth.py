"""The API.md JWT, checked the way PostgREST checks it (postgrest_compat.jwt, the
same code the gateway runs): HS256 with the shared secret, claims `role`, `sub`,
`exp` (30 s leeway), PostgREST's PGRST301/PGRST303 with its WWW-Authenticate
header. No token at all is an anonymous call, which these endpoints refuse like
PostgREST refuses anon a function it may not execute: 401 with
`WWW-Authenticate: Bearer`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from postgrest_compat.jwt import JwtVerifier, bearer_token, invalid_claims
from webhook.errors import ApiError


@dataclass(frozen=True)
class Caller:
    role: str
    user_id: uuid.UUID
    claims: dict[str, Any]


def anonymous() -> ApiError:
    return ApiError(
        401,
        "42501",
        "permission denied: this endpoint needs a logged-in user",
        hint="Send Authorization: Bearer <token> from /rpc/login",
        headers=[("WWW-Authenticate", "Bearer")],
    )


def decode(token: str, secret: str, now: float | None = None) -> dict[str, Any]:
    """Verified claims of `token`, or PostgREST's 401."""
    return JwtVerifier(secret).claims(token, now)


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
        raise invalid_claims("The JWT 'sub' claim must be a user id (uuid)") from exc
    return Caller(role=role, user_id=user_id, claims=claims)


def require_role(caller: Caller, *roles: str) -> None:
    if caller.role not in roles:
        raise ApiError(
            403, "forbidden", f"This needs the {' or '.join(roles)} role, not {caller.role}"
        )
