"""RPC (references/api/functions.rst)."""

from __future__ import annotations

import httpx

from tests.pgrst.conftest import assert_error


def test_post_named_args_scalar(client: httpx.Client) -> None:
    r = client.post("/rpc/add", json={"a": 2, "b": 3})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.content == b"5"


def test_get_args_for_immutable(client: httpx.Client) -> None:
    r = client.get("/rpc/add", params={"a": "40", "b": "2"})
    assert r.status_code == 200
    assert r.json() == 42


def test_defaults_fill_missing_args(client: httpx.Client) -> None:
    assert client.post("/rpc/greet", json={"name": "ann"}).json() == "hi ann"
    assert client.post("/rpc/greet", json={"name": "ann", "greeting": "yo"}).json() == "yo ann"


def test_text_scalar_and_null(client: httpx.Client) -> None:
    assert client.get("/rpc/hello").content == b'"hello"'
    r = client.get("/rpc/null_scalar")
    assert r.status_code == 200
    assert r.content == b"null"


def test_array_argument(client: httpx.Client) -> None:
    r = client.post("/rpc/sum_array", json={"xs": [1, 2, 3, 4]})
    assert r.status_code == 200
    assert r.json() == 10
    assert client.get("/rpc/sum_array", params={"xs": "{5,6}"}).json() == 11


def test_jsonb_argument(client: httpx.Client) -> None:
    r = client.post("/rpc/echo_json", json={"j": {"a": [1, {"b": None}]}})
    assert r.status_code == 200
    assert r.json() == {"a": [1, {"b": None}]}


def test_setof_scalar(client: httpx.Client) -> None:
    r = client.get("/rpc/numbers", params={"n": "3"})
    assert r.status_code == 200
    assert r.json() == [1, 2, 3]
    assert r.headers["content-range"] == "0-2/*"


def test_setof_composite_with_filters_select_order(client: httpx.Client) -> None:
    r = client.get(
        "/rpc/get_items",
        params={"min_price": "0.2", "select": "id,name", "id": "gt.1", "order": "id.desc"},
    )
    assert r.status_code == 200
    assert r.json() == [{"id": 4, "name": "durian"}, {"id": 2, "name": "banana"}]


def test_setof_composite_post_with_limit(client: httpx.Client) -> None:
    r = client.post("/rpc/get_items?select=name&limit=2", json={})
    assert r.status_code == 200
    assert r.json() == [{"name": "apple"}, {"name": "banana"}]
    assert r.headers["content-range"] == "0-1/*"


def test_composite_returns_object(client: httpx.Client) -> None:
    r = client.get("/rpc/one_item", params={"item_id": "2", "select": "id,name"})
    assert r.status_code == 200
    assert r.json() == {"id": 2, "name": "banana"}


def test_table_returning_function(client: httpx.Client) -> None:
    r = client.get("/rpc/item_stats")
    assert r.status_code == 200
    assert r.json() == [{"n": 5, "total": 11.84}]


def test_out_params_object(client: httpx.Client) -> None:
    r = client.get("/rpc/out_params", params={"x": "3"})
    assert r.status_code == 200
    assert r.json() == {"doubled": 6, "squared": 9}


def test_void_is_204(client: httpx.Client) -> None:
    r = client.post("/rpc/do_nothing", json={})
    assert r.status_code == 204
    assert r.content == b""
    assert "content-type" not in r.headers
    assert "content-length" not in r.headers


def test_empty_body_means_no_args(client: httpx.Client) -> None:
    r = client.post("/rpc/hello", content=b"", headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert r.json() == "hello"


def test_single_unnamed_json_param(client: httpx.Client) -> None:
    r = client.post("/rpc/single_json", json={"x": 1, "y": [2]})
    assert r.status_code == 200
    assert r.json() == {"x": 1, "y": [2]}


def test_variadic_get_repeated_keys(client: httpx.Client) -> None:
    r = client.get("/rpc/variadic_join?parts=a&parts=b&parts=c")
    assert r.status_code == 200
    assert r.json() == "a-b-c"


def test_volatile_via_get_is_405(client: httpx.Client) -> None:
    r = client.get("/rpc/bump")
    assert_error(r, 405, "25006", "cannot execute UPDATE in a read-only transaction")


def test_volatile_via_post_writes(client: httpx.Client, user_headers: dict[str, str]) -> None:
    before = client.get("/rpc/bump_stable", headers=user_headers).json()
    r = client.post("/rpc/bump", json={}, headers=user_headers)
    assert r.status_code == 200
    assert r.json() == before + 1


def test_form_urlencoded_post(client: httpx.Client) -> None:
    r = client.post("/rpc/add", data={"a": "1", "b": "2"})
    assert r.status_code == 200
    assert r.json() == 3


def test_unknown_function_202(client: httpx.Client) -> None:
    r = client.post("/rpc/no_such_fn", json={"x": 1})
    assert_error(
        r,
        404,
        "PGRST202",
        "Could not find the function api.no_such_fn(x) in the schema cache",
        "Searched for the function api.no_such_fn with parameter x or with a single unnamed "
        "json/jsonb parameter, but no matches were found in the schema cache.",
    )


def test_wrong_args_202_with_hint(client: httpx.Client) -> None:
    r = client.post("/rpc/add", json={"a": 1, "c": 2})
    assert_error(
        r,
        404,
        "PGRST202",
        "Could not find the function api.add(a, c) in the schema cache",
        "Searched for the function api.add with parameters a, c or with a single unnamed "
        "json/jsonb parameter, but no matches were found in the schema cache.",
        "Perhaps you meant to call the function api.add(a, b)",
    )


def test_get_without_params_202(client: httpx.Client) -> None:
    r = client.get("/rpc/add")
    assert_error(
        r,
        404,
        "PGRST202",
        "Could not find the function api.add without parameters in the schema cache",
        "Searched for the function api.add without parameters, but no matches were found in "
        "the schema cache.",
        "Perhaps you meant to call the function api.add(a, b)",
    )


def test_misspelled_function_hint(client: httpx.Client) -> None:
    r = client.get("/rpc/helo")
    assert r.status_code == 404
    assert r.json()["hint"] == "Perhaps you meant to call the function api.hello"


def test_ambiguous_overload_203(client: httpx.Client) -> None:
    r = client.post("/rpc/overloaded", json={"a": 1})
    assert_error(
        r,
        300,
        "PGRST203",
        "Could not choose the best candidate function between: api.overloaded(a => integer), "
        "api.overloaded(a => text)",
        None,
        "Try renaming the parameters or the function itself in the database so function "
        "overloading can be resolved",
    )


def test_exact_overload_match(client: httpx.Client) -> None:
    r = client.post("/rpc/overloaded", json={"a": 1, "b": 2})
    assert r.status_code == 200
    assert r.json() == "two"


def test_rpc_disallowed_methods(client: httpx.Client) -> None:
    r = client.delete("/rpc/add")
    assert_error(r, 405, "PGRST101", "Cannot use the DELETE method on RPC")
    r = client.patch("/rpc/add", json={})
    assert_error(r, 405, "PGRST101", "Cannot use the PATCH method on RPC")


def test_options_rpc(client: httpx.Client) -> None:
    r = client.options("/rpc/bump")
    assert r.status_code == 200
    assert r.headers["allow"] == "OPTIONS,POST"
    r = client.options("/rpc/hello")
    assert r.headers["allow"] == "OPTIONS,GET,HEAD,POST"


def test_head_rpc(client: httpx.Client) -> None:
    r = client.head("/rpc/numbers", params={"n": "2"})
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["content-range"] == "0-1/*"


def test_singular_accept_on_rpc(client: httpx.Client) -> None:
    obj = {"Accept": "application/vnd.pgrst.object+json"}
    r = client.get("/rpc/get_items", params={"id": "eq.1", "select": "id"}, headers=obj)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.pgrst.object+json; charset=utf-8"
    assert r.json() == {"id": 1}
    r = client.get("/rpc/get_items", params={"select": "id"}, headers=obj)
    assert_error(
        r, 406, "PGRST116", "Cannot coerce the result to a single JSON object",
        "The result contains 5 rows",
    )  # fmt: skip


def test_hold_conflict_domain_error(client: httpx.Client, user_headers: dict[str, str]) -> None:
    r = client.post("/rpc/hold_slot", json={"slot_id": 7}, headers=user_headers)
    assert r.status_code == 200
    assert r.json() == {"slot_id": 7, "status": "held"}
    r = client.post("/rpc/hold_slot", json={"slot_id": 7}, headers=user_headers)
    assert_error(r, 409, "slot_unavailable", "Slot is not available", "7")


def test_profile_selects_schema(client: httpx.Client) -> None:
    r = client.post("/rpc/version", json={}, headers={"Content-Profile": "v2"})
    assert r.status_code == 200
    assert r.json() == "v2"
    assert r.headers["content-profile"] == "v2"
    r = client.get("/rpc/version", headers={"Accept-Profile": "v2"})
    assert r.json() == "v2"


def test_rpc_count_and_range(client: httpx.Client) -> None:
    r = client.get("/rpc/get_items?select=id&limit=2", headers={"Prefer": "count=exact"})
    assert r.status_code == 206
    assert r.headers["content-range"] == "0-1/5"
    assert r.json() == [{"id": 1}, {"id": 2}]


def test_rpc_bad_argument_value(client: httpx.Client) -> None:
    r = client.post("/rpc/add", json={"a": "x", "b": 1})
    assert_error(r, 400, "22P02", 'invalid input syntax for type integer: "x"')


def test_rpc_max_rows(max_rows_url: str) -> None:
    r = httpx.get(max_rows_url + "/rpc/get_items?select=id")
    assert r.status_code == 200
    assert r.json() == [{"id": 1}, {"id": 2}]
    assert r.headers["content-range"] == "0-1/*"


def test_singular_with_return_minimal(client: httpx.Client, user_headers: dict[str, str]) -> None:
    r = client.post(
        "/scratch",
        json={"label": "single-min"},
        headers={**user_headers, "Accept": "application/vnd.pgrst.object+json"},
    )
    assert r.status_code == 201
    assert r.content == b""


def test_rpc_args_with_json_path_select_and_filter(client: httpx.Client) -> None:
    r = client.get(
        "/rpc/get_items",
        params={"min_price": "1", "select": "id,color:data->>color", "data->>color": "eq.red"},
        headers={"Prefer": "count=exact"},
    )
    assert r.status_code == 200
    assert r.json() == [{"id": 1, "color": "red"}]
    assert r.headers["content-range"] == "0-0/1"


def test_rpc_count_planned(client: httpx.Client) -> None:
    r = client.get("/rpc/get_items?select=id&limit=1", headers={"Prefer": "count=planned"})
    assert r.status_code in (200, 206)
    assert r.json() == [{"id": 1}]
    assert r.headers["content-range"].startswith("0-0/")
    assert int(r.headers["content-range"].split("/")[1]) >= 1
