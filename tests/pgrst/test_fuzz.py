"""Malformed query strings and bodies never produce a 5xx (bounded, seeded fuzzing)."""

from __future__ import annotations

import random
from urllib.parse import quote

import httpx

from tests.support.unicode_digits import SWEEP

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


# Unicode digits (tests/support/unicode_digits.py): PostgREST's readMaybe and the Range
# regex `^([0-9]+)-([0-9]*)$` take ASCII 0-9 only (postgrest_compat.numbers). A
# parameter made of them is ignored, never a 500 and never read as a number.


def test_unicode_digits_are_no_numbers_in_limit_offset_and_range(client: httpx.Client) -> None:
    everything = client.get("/items?select=id&order=id").json()
    assert len(everything) == 5
    bad: list[tuple[str, int, str]] = []
    for d in SWEEP:
        for value in (d, "1" + d, d + "1", "-" + d):
            for qs in (f"limit={quote(value)}", f"offset={quote(value)}"):
                r = client.get(f"/items?select=id&order=id&{qs}")
                if r.status_code != 200 or r.json() != everything:
                    bad.append((qs, r.status_code, r.text))
        r = client.get("/items?select=id&order=id", headers={"Range": f"{d}-{d}".encode()})
        if r.status_code != 200 or r.json() != everything:
            bad.append((f"Range {d}-{d}", r.status_code, r.text))
        # a JSON path index of non-ASCII digits is a key (Parsec's `digit` is ASCII)
        r = client.get(f"/items?select=x:data->{quote(d)}&order=id")
        if r.status_code >= 500:
            bad.append((f"data->{d}", r.status_code, r.text))
    assert bad == []
    # ASCII digits still work
    assert len(client.get("/items?select=id&limit=2").json()) == 2
    assert client.get("/items?select=id&order=id&offset=4").json() == everything[4:]
    ranged = client.get("/items?select=id&order=id", headers={"Range": "1-2"})
    assert ranged.status_code == 200 and ranged.json() == everything[1:3]


def test_unicode_digits_in_prefer_max_affected_are_ignored(
    client: httpx.Client, user_headers: dict[str, str]
) -> None:
    """`max-affected=²` is an acceptable preference that readMaybe cannot read: ignored
    (no PGRST122 even with handling=strict, no limit applied), never a 500."""
    created = client.post(
        "/scratch",
        json=[{"label": "fuzz-max-affected"}, {"label": "fuzz-max-affected"}],
        headers={**user_headers, "Prefer": "return=representation"},
    )
    assert created.status_code == 201, created.text
    bad: list[tuple[str, int, str]] = []
    for d in SWEEP + ["1²", "²1", "-²"]:
        for prefer in (f"max-affected={d}", f"handling=strict, max-affected={d}"):
            r = client.patch(
                "/scratch?label=eq.fuzz-max-affected",
                json={"qty": 1},
                headers={**user_headers, "Prefer": prefer.encode()},
            )
            if r.status_code != 204:
                bad.append((prefer, r.status_code, r.text))
    assert bad == []
    # an ASCII max-affected below the rows touched still applies
    r = client.patch(
        "/scratch?label=eq.fuzz-max-affected",
        json={"qty": 2},
        headers={**user_headers, "Prefer": "handling=strict, max-affected=1"},
    )
    assert r.status_code == 400 and r.json()["code"] == "PGRST124", r.text


def test_a_select_list_longer_than_postgresql_allows_is_400(client: httpx.Client) -> None:
    """1,700 items: PostgreSQL refuses more than 1664 target entries (54011, a 500 in
    PostgREST's table); the gateway answers 400 PGRST100 before the database."""
    for path in ("/items", "/rpc/get_items"):
        r = client.get(f"{path}?select=" + ",".join(["id"] * 1700))
        assert r.status_code == 400, r.text
        body = r.json()
        assert body["code"] == "PGRST100" and "select" in body["message"], body
        assert set(body) == {"code", "details", "hint", "message"}
    nested = client.get("/items?select=id,self:items(" + ",".join(["id"] * 1700) + ")")
    assert nested.status_code == 400 and nested.json()["code"] == "PGRST100", nested.text
    # 1,000 items are fine
    ok = client.get("/items?select=" + ",".join(["id"] * 1000) + "&limit=1")
    assert ok.status_code == 200, ok.text
