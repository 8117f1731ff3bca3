"""Fixtures every test area shares: throwaway courtbook databases and tokens."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest

from tests.support import db

# Every service a test starts (pgrst, the webhook service, the worker, each through its
# console script in .venv/bin) runs this checkout's code. An editable install's import
# finder comes after sys.path, so without this a git worktree sharing one venv would
# test the packages of the checkout the venv was installed from.
_CHECKOUT = str(Path(__file__).resolve().parents[1])
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_CHECKOUT, *(p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)]
)


@pytest.fixture(scope="session")
def courtbook_template() -> str:
    """Name of the template database holding the deployed sqitch plan."""
    return db.ensure_template()


@pytest.fixture(scope="module")
def courtbook_db(courtbook_template: str) -> Iterator[str]:
    """A fresh courtbook database (superuser URL) for one test module."""
    url = db.create_database("cb", template=courtbook_template)
    yield url
    db.drop_database(url)


@pytest.fixture(scope="session")
def jwt_secret() -> str:
    return db.JWT_SECRET


def make_token(
    role: str, sub: str | None = None, email: str | None = None, ttl: int = 3600, **extra: object
) -> str:
    """An HS256 token with the claims of API.md, signed with the test secret."""
    claims: dict[str, object] = {
        "role": role,
        "sub": sub or str(uuid.uuid4()),
        "email": email or f"{role}-{uuid.uuid4().hex[:6]}@example.test",
        "exp": int(time.time()) + ttl,
        **extra,
    }
    return jwt.encode(claims, db.JWT_SECRET, algorithm="HS256")


@pytest.fixture(scope="session")
def token_factory():
    return make_token
