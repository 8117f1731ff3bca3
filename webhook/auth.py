"""The API.md JWT, checked the way PostgREST checks it (postgrest_compat.jwt, the
same code the gateway runs): HS256 with the shared secret, claims `role`, `sub`,
`exp` (30 s leeway), PostgREST's PGRST301/PGRST303 with its WWW-Authenticate
header. No token at all is an anonymous call, which these endpoints refuse like
PostgREST refuses anon a function it may not execute: 401 with
`WWW-Authenticate: Bearer`.

A verified token of a revoked session (logout, refresh-token reuse, password
change or reset, account deletion) is refused by the same SQL PostgREST runs as
its db-pre-request (`api.check_session`): `check_session` asks
`internal.check_session(claims)`, which answers `session_revoked` 401.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from postgrest_compat.jwt import JwtVerifier, bearer_token, invalid_claims
from webhook.errors import ApiError

if TYPE_CHECKING:
    from webhook.db import Database


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


async def check_session(db: Database, caller: Caller) -> None:
    """Refuse a revoked session's token as PostgREST's pre-request does (one indexed
    lookup in the database; raises the `session_revoked` 401 it answers)."""
    await db.value("select internal.check_session(%s::jsonb)", (json.dumps(caller.claims),))


async def authenticate_session(authorization: str | None, secret: str, db: Database) -> Caller:
    """`authenticate`, then the session check: the caller of a request whose session lives."""
    caller = authenticate(authorization, secret)
    await check_session(db, caller)
    return caller


def require_role(caller: Caller, *roles: str) -> None:
    if caller.role not in roles:
        raise ApiError(
            403, "forbidden", f"This needs the {' or '.join(roles)} role, not {caller.role}"
        )
