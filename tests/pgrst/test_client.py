"""supabase's `postgrest` Python client against the fixture (the client shape the apps use)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from postgrest import APIError, SyncPostgrestClient

from tests.pgrst.conftest import make_token


@pytest.fixture()
def pg(base_url: str) -> Iterator[SyncPostgrestClient]:
    with SyncPostgrestClient(base_url, schema="api") as c:
        yield c


def test_select_with_filters(pg: SyncPostgrestClient) -> None:
    res = (
        pg.from_("items")
        .select("id,name")
        .gte("id", 2)
        .lte("id", 4)
        .order("id", desc=True)
        .execute()
    )
    assert res.data == [
        {"id": 4, "name": "durian"},
        {"id": 3, "name": "carrot"},
        {"id": 2, "name": "banana"},
    ]


def test_select_in_and_count(pg: SyncPostgrestClient) -> None:
    res = pg.from_("items").select("id", count="exact").in_("id", [1, 3]).order("id").execute()
    assert res.data == [{"id": 1}, {"id": 3}]
    assert res.count == 2


def test_single(pg: SyncPostgrestClient) -> None:
    res = pg.from_("items").select("name").eq("id", 1).single().execute()
    assert res.data == {"name": "apple"}


def test_rpc(pg: SyncPostgrestClient) -> None:
    assert pg.rpc("add", {"a": 2, "b": 2}).execute().data == 4
    res = pg.rpc("get_items", {"min_price": 1}).select("id").order("id").execute()
    assert res.data == [{"id": 1}, {"id": 4}]


def test_rpc_error(pg: SyncPostgrestClient) -> None:
    with pytest.raises(APIError) as exc:
        pg.rpc("raise_domain", {}).execute()
    assert exc.value.code == "slot_unavailable"
    assert exc.value.details == "101,102"


def test_authenticated_rpc(pg: SyncPostgrestClient) -> None:
    pg.auth(make_token())
    assert pg.rpc("members_only", {}).execute().data == "welcome"
