"""Reading tables and views (references/api/tables_views.rst, pagination_count.rst)."""

from __future__ import annotations

import httpx

from tests.pgrst.conftest import assert_error


def ids(r: httpx.Response) -> list[int]:
    assert r.status_code in (200, 206), r.text
    return [row["id"] for row in r.json()]


def test_read_all(client: httpx.Client) -> None:
    r = client.get("/items?select=id&order=id")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.headers["content-range"] == "0-4/*"
    assert r.json() == [{"id": i} for i in range(1, 6)]


def test_view(client: httpx.Client) -> None:
    r = client.get("/item_names?id=eq.2")
    assert r.status_code == 200
    assert r.json() == [{"id": 2, "name": "banana"}]


def test_select_alias_cast_json_paths(client: httpx.Client) -> None:
    r = client.get(
        "/items",
        params={
            "select": "id,label:name,price::text,color:data->>color,data->size->w,"
            "first:data->list->0,last:data->list->-1",
            "id": "eq.1",
        },
    )
    assert r.status_code == 200
    assert r.json() == [
        {"id": 1, "label": "apple", "price": "1.50", "color": "red", "w": 3, "first": 1,
         "last": 3}
    ]  # fmt: skip


def test_empty_select_is_star(client: httpx.Client) -> None:
    r = client.get("/people?select=&id=eq.1")
    assert r.json() == [{"id": 1, "name": "ann", "team": "red"}]


def test_comparison_operators(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&id=gt.3&order=id")) == [4, 5]
    assert ids(client.get("/items?select=id&id=gte.4&order=id")) == [4, 5]
    assert ids(client.get("/items?select=id&id=lt.2")) == [1]
    assert ids(client.get("/items?select=id&id=lte.2&order=id")) == [1, 2]
    assert ids(client.get("/items?select=id&id=neq.1&id=lt.4&order=id")) == [2, 3]
    assert ids(client.get("/items?select=id&id=eq.3")) == [3]


def test_like_ilike_match(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&name=like.*an*&order=id")) == [2, 4]
    assert ids(client.get("/items?select=id&name=ilike.APP*")) == [1]
    assert ids(client.get("/items?select=id&name=match.^c")) == [3]
    assert ids(client.get("/items?select=id&name=imatch.^C")) == [3]


def test_in_and_quoting(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&id=in.(1,3)&order=id")) == [1, 3]
    r = client.get('/items?select=id&name=in.(apple,"egg, \\"large\\"")&order=id')
    assert ids(r) == [1, 5]
    assert client.get("/items?select=id&id=in.()").json() == []


def test_is_operator(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&price=is.null")) == [5]
    assert ids(client.get("/items?select=id&active=is.true&order=id")) == [1, 2, 5]
    assert ids(client.get("/items?select=id&active=is.false")) == [3]
    assert ids(client.get("/items?select=id&active=is.unknown")) == [4]
    assert ids(client.get("/items?select=id&price=not.is.null&order=id")) == [1, 2, 3, 4]
    assert ids(client.get("/items?select=id&active=is.NULL")) == [4]


def test_not_and_isdistinct(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&id=not.in.(1,2,3)&order=id")) == [4, 5]
    assert ids(client.get("/items?select=id&active=isdistinct.true&order=id")) == [3, 4]


def test_array_operators(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&tags=cs.{fruit,red}")) == [1]
    assert ids(client.get("/items?select=id&tags=ov.{smelly,vegetable}&order=id")) == [3, 4]
    assert ids(client.get("/items?select=id&tags=cd.{fruit,red,x}&order=id")) == [1, 2, 5]


def test_any_all_modifiers(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&id=eq(any).{1,4}&order=id")) == [1, 4]
    assert ids(client.get("/items?select=id&name=like(any).{a*,b*}&order=id")) == [1, 2]
    assert ids(client.get("/items?select=id&id=gt(all).{1,3}&order=id")) == [4, 5]


def test_json_path_filter(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&data->>color=eq.yellow")) == [2]
    assert ids(client.get("/items?select=id&data->size->>w=eq.3")) == [1]


def test_timestamptz_filter_with_encoded_plus(client: httpx.Client) -> None:
    r = client.get("/items?select=id&created_at=gte.2024-01-03T10:00:00%2B00:00&order=id")
    assert ids(r) == [3, 4, 5]


def test_or_and_nested(client: httpx.Client) -> None:
    assert ids(client.get("/items?select=id&or=(id.eq.1,name.eq.carrot)&order=id")) == [1, 3]
    r = client.get("/items?select=id&or=(id.eq.5,and(price.gt.1,active.is.true))&order=id")
    assert ids(r) == [1, 5]
    assert ids(client.get("/items?select=id&not.or=(id.lt.3,id.gt.4)&order=id")) == [3, 4]
    assert ids(client.get("/items?select=id&and=(id.gt.1,id.lt.4)&order=id")) == [2, 3]
    r = client.get('/items?select=id&or=(name.eq."egg, \\"large\\"",id.in.(2,3))&order=id')
    assert ids(r) == [2, 3, 5]
    assert ids(client.get("/items?select=id&or=(tags.cs.{red},id.eq.3)&order=id")) == [1, 3]


def test_order_nulls(client: httpx.Client) -> None:
    r = client.get("/items?select=id&order=price.desc.nullslast")
    assert ids(r) == [4, 1, 2, 3, 5]
    r = client.get("/items?select=id&order=price.asc.nullsfirst")
    assert ids(r) == [5, 3, 2, 1, 4]
    r = client.get("/items?select=id&order=active.desc.nullslast,id.desc")
    assert ids(r) == [5, 2, 1, 3, 4]


def test_limit_offset(client: httpx.Client) -> None:
    r = client.get("/items?select=id&order=id&limit=2&offset=1")
    assert ids(r) == [2, 3]
    assert r.headers["content-range"] == "1-2/*"


def test_limit_zero(client: httpx.Client) -> None:
    r = client.get("/items?select=id&limit=0")
    assert r.status_code == 200
    assert r.json() == []
    assert r.headers["content-range"] == "*/*"


def test_negative_limit_416(client: httpx.Client) -> None:
    r = client.get("/items?limit=-1")
    assert_error(
        r, 416, "PGRST103", "Requested range not satisfiable",
        "Limit should be greater than or equal to zero.",
    )  # fmt: skip


def test_range_header(client: httpx.Client) -> None:
    r = client.get("/items?select=id&order=id", headers={"Range": "1-2"})
    assert ids(r) == [2, 3]
    assert r.headers["content-range"] == "1-2/*"
    r = client.get("/items?select=id&order=id", headers={"Range": "3-"})
    assert ids(r) == [4, 5]


def test_range_lower_gt_upper(client: httpx.Client) -> None:
    r = client.get("/items", headers={"Range": "3-1"})
    assert_error(
        r, 416, "PGRST103", "Requested range not satisfiable",
        "The lower boundary must be lower than or equal to the upper boundary in the Range "
        "header.",
    )  # fmt: skip


def test_count_exact(client: httpx.Client) -> None:
    r = client.get("/items?select=id&order=id&limit=2", headers={"Prefer": "count=exact"})
    assert r.status_code == 206
    assert r.headers["content-range"] == "0-1/5"
    assert r.headers["preference-applied"] == "count=exact"
    r = client.get("/items?select=id&id=gt.3", headers={"Prefer": "count=exact"})
    assert r.status_code == 200
    assert r.headers["content-range"] == "0-1/2"


def test_count_offset_beyond_total(client: httpx.Client) -> None:
    r = client.get("/items?offset=10", headers={"Prefer": "count=exact"})
    assert_error(
        r, 416, "PGRST103", "Requested range not satisfiable",
        "An offset of 10 was requested, but there are only 5 rows.",
    )  # fmt: skip
    assert r.headers["content-range"] == "*/5"


def test_count_zero_rows(client: httpx.Client) -> None:
    r = client.get("/items?id=eq.999", headers={"Prefer": "count=exact"})
    assert r.status_code == 200
    assert r.json() == []
    assert r.headers["content-range"] == "*/0"


def test_singular_object(client: httpx.Client) -> None:
    obj = {"Accept": "application/vnd.pgrst.object+json"}
    r = client.get("/items?select=id,name&id=eq.1", headers=obj)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.pgrst.object+json; charset=utf-8"
    assert r.json() == {"id": 1, "name": "apple"}
    r = client.get("/items?select=id&id=gt.1", headers=obj)
    assert_error(
        r, 406, "PGRST116", "Cannot coerce the result to a single JSON object",
        "The result contains 4 rows",
    )  # fmt: skip
    r = client.get("/items?id=eq.999", headers=obj)
    assert r.status_code == 406
    assert r.json()["details"] == "The result contains 0 rows"


def test_unacceptable_accept(client: httpx.Client) -> None:
    r = client.get("/items", headers={"Accept": "application/xml"})
    assert_error(r, 406, "PGRST107", "None of these media types are available: application/xml")


def test_csv(client: httpx.Client) -> None:
    r = client.get("/people?select=id,name&order=id", headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.text == "id,name\n1,ann\n2,bob"


def test_head(client: httpx.Client) -> None:
    r = client.head("/items?select=id&limit=2")
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["content-range"] == "0-1/*"
    assert "content-length" not in r.headers


def test_max_rows(max_rows_url: str) -> None:
    r = httpx.get(max_rows_url + "/items?select=id&order=id", headers={"Prefer": "count=exact"})
    assert r.status_code == 206
    assert r.json() == [{"id": 1}, {"id": 2}]
    assert r.headers["content-range"] == "0-1/5"
    r = httpx.get(max_rows_url + "/items?select=id&order=id&limit=1")
    assert r.json() == [{"id": 1}]


def test_options_table(client: httpx.Client) -> None:
    r = client.options("/items")
    assert r.status_code == 200
    assert r.headers["allow"] == "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE"
    assert r.content == b""


def test_content_profile_header(client: httpx.Client) -> None:
    r = client.get("/things", headers={"Accept-Profile": "v2"})
    assert r.status_code == 200
    assert r.json() == [{"id": 1, "label": "v2 thing"}]
    assert r.headers["content-profile"] == "v2"


def test_count_planned(client: httpx.Client) -> None:
    r = client.get("/items?select=id&limit=1", headers={"Prefer": "count=planned"})
    assert r.status_code in (200, 206)
    assert r.headers["preference-applied"] == "count=planned"
    total = int(r.headers["content-range"].split("/")[1])
    assert total >= 1  # the planner's estimate, not necessarily 5
    assert r.headers["content-range"].startswith("0-0/")


def test_count_estimated_without_max_rows_is_exact(client: httpx.Client) -> None:
    r = client.get("/items?select=id&limit=2", headers={"Prefer": "count=estimated"})
    assert r.status_code == 206
    assert r.headers["content-range"] == "0-1/5"


def test_count_estimated_with_max_rows(max_rows_url: str) -> None:
    r = httpx.get(max_rows_url + "/items?select=id", headers={"Prefer": "count=estimated"})
    assert r.status_code == 206
    assert r.json() == [{"id": 1}, {"id": 2}]
    total = int(r.headers["content-range"].split("/")[1])
    assert total >= 2


def test_nulls_stripped(client: httpx.Client) -> None:
    q = "/items?select=id,price,active,data&id=eq.4"
    r = client.get(q, headers={"Accept": "application/vnd.pgrst.array+json;nulls=stripped"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.pgrst.array+json;nulls=stripped")
    assert r.json() == [{"id": 4, "price": 9.99}]
    r = client.get(q, headers={"Accept": "application/vnd.pgrst.object+json;nulls=stripped"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.pgrst.object+json;nulls=stripped")
    assert r.json() == {"id": 4, "price": 9.99}


def test_non_integer_limit_is_ignored(client: httpx.Client) -> None:
    r = client.get("/items?select=id&limit=abc&offset=-3")
    assert r.status_code == 200
    assert len(r.json()) == 5
