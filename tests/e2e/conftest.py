"""The whole local stack for the end-to-end tests, one per test module
(tests/support/stack.py: nginx, pgrst, the webhook service, the worker, the local
Stripe, with the demo data)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.stack import Stack, courtbook_stack


@pytest.fixture(scope="module")
def stack(courtbook_db: str) -> Iterator[Stack]:
    with courtbook_stack(courtbook_db) as s:
        yield s
