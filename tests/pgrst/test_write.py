"""Writes (references/api/tables_views.rst#insert/update/delete, preferences.rst)."""

from __future__ import annotations

import httpx
import pytest

from tests.pgrst.conftest import assert_error


@pytest.fixture()
def h(user_headers: dict[str, str]) -> dict[str, str]:
    return dict(user_headers)


def test_insert_minimal(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post("/scratch", json={"label": "min", "qty": 1}, headers=h)
    assert r.status_code == 201
    assert r.content == b""
    assert r.headers["content-length"] == "0"
    assert "content-type" not in r.headers
    assert r.headers["content-range"] == "*/*"
    assert "preference-applied" not in r.headers


def test_insert_representation(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post(
        "/scratch?select=label,qty",
        json=[{"label": "r1", "qty": 1}, {"label": "r2", "qty": 2}],
        headers={**h, "Prefer": "return=representation"},
    )
    assert r.status_code == 201
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.json() == [{"label": "r1", "qty": 1}, {"label": "r2", "qty": 2}]
    assert r.headers["preference-applied"] == "return=representation"


def test_insert_headers_only_location(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post(
        "/people", json={"id": 50, "name": "loc"}, headers={**h, "Prefer": "return=headers-only"}
    )
    assert r.status_code == 201
    assert r.headers["location"] == "/people?id=eq.50"
    assert r.content == b""


def test_insert_mismatched_keys(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post("/scratch", json=[{"label": "a"}, {"qty": 1}], headers=h)
    assert_error(r, 400, "PGRST102", "All object keys must match")


def test_insert_unknown_column(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post("/scratch", json={"nope": 1}, headers=h)
    assert_error(
        r, 400, "PGRST204", "Could not find the 'nope' column of 'scratch' in the schema cache"
    )


def test_insert_check_violation(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post("/scratch", json={"label": "neg", "qty": -1}, headers=h)
    assert r.status_code == 400
    assert r.json()["code"] == "23514"


def test_insert_columns_param(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post(
        "/scratch?columns=label&select=label,qty",
        json={"label": "cols", "qty": 5, "ignored": True},
        headers={**h, "Prefer": "return=representation"},
    )
    assert r.status_code == 201
    assert r.json() == [{"label": "cols", "qty": None}]


def test_upsert_merge_duplicates(client: httpx.Client, h: dict[str, str]) -> None:
    prefer = "resolution=merge-duplicates, return=representation"
    r = client.post(
        "/people", json={"id": 2, "name": "bobby", "team": "blue"}, headers={**h, "Prefer": prefer}
    )
    assert r.status_code in (200, 201)
    assert r.json() == [{"id": 2, "name": "bobby", "team": "blue"}]
    assert r.headers["preference-applied"] == "resolution=merge-duplicates, return=representation"
    r = client.get("/people?id=eq.2&select=name")
    assert r.json() == [{"name": "bobby"}]


def test_upsert_ignore_duplicates(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post(
        "/people",
        json={"id": 1, "name": "zzz"},
        headers={**h, "Prefer": "resolution=ignore-duplicates, return=representation"},
    )
    assert r.status_code in (200, 201)
    assert r.json() == []
    assert client.get("/people?id=eq.1&select=name").json() == [{"name": "ann"}]


def test_patch(client: httpx.Client, h: dict[str, str]) -> None:
    client.post("/scratch", json={"label": "to-patch", "qty": 1}, headers=h)
    r = client.patch("/scratch?label=eq.to-patch", json={"qty": 9}, headers=h)
    assert r.status_code == 204
    assert "content-type" not in r.headers
    assert r.headers["content-range"] == "0-0/*"
    r = client.patch(
        "/scratch?label=eq.to-patch&select=label,qty",
        json={"qty": 10},
        headers={**h, "Prefer": "return=representation"},
    )
    assert r.status_code == 200
    assert r.json() == [{"label": "to-patch", "qty": 10}]
    r = client.patch("/scratch?label=eq.nothing-here", json={"qty": 1}, headers=h)
    assert r.status_code == 204
    assert r.headers["content-range"] == "*/*"


def test_delete(client: httpx.Client, h: dict[str, str]) -> None:
    client.post("/scratch", json={"label": "to-delete", "qty": 1}, headers=h)
    r = client.delete(
        "/scratch?label=eq.to-delete&select=label",
        headers={**h, "Prefer": "return=representation"},
    )
    assert r.status_code == 200
    assert r.json() == [{"label": "to-delete"}]
    r = client.delete("/scratch?label=eq.to-delete", headers=h)
    assert r.status_code == 204


def test_singular_on_write_rolls_back(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post(
        "/scratch",
        json=[{"label": "sing", "qty": 1}, {"label": "sing", "qty": 2}],
        headers={**h, "Accept": "application/vnd.pgrst.object+json"},
    )
    assert_error(
        r, 406, "PGRST116", "Cannot coerce the result to a single JSON object",
        "The result contains 2 rows",
    )  # fmt: skip
    assert client.get("/scratch?label=eq.sing", headers=h).json() == []


def test_tx_rollback(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post(
        "/scratch",
        json={"label": "rolled", "qty": 1},
        headers={**h, "Prefer": "tx=rollback, return=representation"},
    )
    assert r.status_code == 201
    assert r.json()[0]["label"] == "rolled"
    assert r.headers["preference-applied"] == "return=representation, tx=rollback"
    assert client.get("/scratch?label=eq.rolled", headers=h).json() == []


def test_max_affected_strict(client: httpx.Client, h: dict[str, str]) -> None:
    client.post("/scratch", json=[{"label": "ma", "qty": 1}, {"label": "ma", "qty": 2}], headers=h)
    r = client.patch(
        "/scratch?label=eq.ma",
        json={"qty": 3},
        headers={**h, "Prefer": "handling=strict, max-affected=1"},
    )
    assert_error(
        r, 400, "PGRST124", "Query result exceeds max-affected preference constraint",
        "The query affects 2 rows",
    )  # fmt: skip


def test_strict_invalid_preferences(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.get("/items", headers={"Prefer": "handling=strict, nonsense=1"})
    assert_error(
        r, 400, "PGRST122", "Invalid preferences given with handling=strict",
        "Invalid preferences: nonsense=1",
    )  # fmt: skip


def test_lenient_ignores_invalid_preferences(client: httpx.Client) -> None:
    r = client.get("/items?select=id&limit=1", headers={"Prefer": "nonsense=1"})
    assert r.status_code == 200
    assert "preference-applied" not in r.headers


def test_anon_write_denied(client: httpx.Client) -> None:
    r = client.post("/scratch", json={"label": "x"})
    assert_error(r, 401, "42501", "permission denied for table scratch")


def test_unacceptable_content_type(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post("/scratch", content=b"x", headers={**h, "Content-Type": "application/xml"})
    assert_error(r, 400, "PGRST102", "Content-Type not acceptable: application/xml")


def test_csv_insert(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.post(
        "/scratch?select=label,qty",
        content=b"label,qty\ncsv1,1\ncsv2,NULL",
        headers={**h, "Content-Type": "text/csv", "Prefer": "return=representation"},
    )
    assert r.status_code == 201
    assert r.json() == [{"label": "csv1", "qty": 1}, {"label": "csv2", "qty": None}]


def test_upsert_update_only_is_200_insert_is_201(client: httpx.Client, h: dict[str, str]) -> None:
    prefer = {**h, "Prefer": "resolution=merge-duplicates"}
    r = client.post("/people", json={"id": 60, "name": "sixty"}, headers=prefer)
    assert r.status_code == 201
    assert r.headers["preference-applied"] == "resolution=merge-duplicates"
    r = client.post("/people", json={"id": 60, "name": "sixty-b"}, headers=prefer)
    assert r.status_code == 200
    assert client.get("/people?id=eq.60&select=name").json() == [{"name": "sixty-b"}]


def test_put_upsert(client: httpx.Client, h: dict[str, str]) -> None:
    rep = {**h, "Prefer": "return=representation"}
    r = client.put(
        "/people?id=eq.70", json={"id": 70, "name": "seventy", "team": None}, headers=rep
    )
    assert r.status_code == 201
    assert r.json() == [{"id": 70, "name": "seventy", "team": None}]
    r = client.put(
        "/people?id=eq.70", json={"id": 70, "name": "seventy-b", "team": None}, headers=rep
    )
    assert r.status_code == 200
    assert r.json() == [{"id": 70, "name": "seventy-b", "team": None}]
    r = client.put(
        "/people?id=eq.70", json={"id": 70, "name": "seventy-c", "team": None}, headers=h
    )
    assert r.status_code == 204


def test_put_errors(client: httpx.Client, h: dict[str, str]) -> None:
    r = client.put("/people?name=eq.x", json={"id": 1, "name": "x"}, headers=h)
    assert_error(
        r, 405, "PGRST105",
        "Filters must include all and only primary key columns with 'eq' operators",
    )  # fmt: skip
    r = client.put("/people?id=eq.71", json={"id": 72, "name": "x"}, headers=h)
    assert_error(r, 400, "PGRST115", "Payload values do not match URL in primary key column(s)")
    r = client.put("/people?id=eq.71&limit=1", json={"id": 71, "name": "x"}, headers=h)
    assert_error(r, 400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT")
