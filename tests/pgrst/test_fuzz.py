"""Malformed query strings and bodies never produce a 5xx (bounded, seeded fuzzing)."""

from __future__ import annotations

import random
from urllib.parse import quote

import httpx

ALPHABET = "abcdeinoqrstlmp_0123456789.,()\":*!-><{}[]\\ '%;$"
KEYS = ["select", "order", "or", "and", "not.or", "id", "name", "data->>color", "tags", "limit",
        "offset", "columns", "on_conflict", "price", "x.y", "id.order"]  # fmt: skip
PREFIXES = ["", "eq.", "in.(", "not.", "is.", "like.", "cs.{", "fts(english).", "eq(any).{",
            "(", "id.eq.", "not.and("]  # fmt: skip


def _junk(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))


def test_random_query_strings_never_5xx(client: httpx.Client) -> None:
    rng = random.Random(20261126)
    bad: list[tuple[str, int, str]] = []
    for i in range(250):
        key = rng.choice(KEYS)
        val = rng.choice(PREFIXES) + _junk(rng)
        path = rng.choice(["/items", "/rpc/get_items", "/item_names"])
        qs = f"{quote(key, safe='.->')}={quote(val, safe='')}"
        r = client.get(f"{path}?{qs}")
        if r.status_code >= 500:
            bad.append((qs, r.status_code, r.text))
        if i % 50 == 0:
            assert r.headers.get("content-type", "").startswith(("application/json", "text/csv"))
    assert bad == []


def test_random_bodies_never_5xx(client: httpx.Client, user_headers: dict[str, str]) -> None:
    rng = random.Random(7)
    bodies = [b"", b"{", b"[", b"null", b"1", b'"x"', b"[1,2]", b'[{"label":1},{"qty":2}]',
              b'{"label":{"a":1}}', b'{"qty":"many"}', b"\xff\xfe", b'{"a":1}' * 3]  # fmt: skip
    bodies += [bytes(rng.randrange(256) for _ in range(rng.randint(1, 30))) for _ in range(20)]
    for body in bodies:
        for path in ("/scratch", "/rpc/add", "/rpc/single_json"):
            r = client.post(
                path, content=body, headers={**user_headers, "Content-Type": "application/json"}
            )
            assert r.status_code < 500, (path, body, r.status_code, r.text)
