"""Error bodies, status mapping and RAISE forms (references/errors.rst)."""

from __future__ import annotations

import httpx
import pytest

from tests.pgrst.conftest import IS_PGRST, assert_error


def test_raise_pgrst_domain_error(client: httpx.Client) -> None:
    r = client.post("/rpc/raise_domain", json={})
    assert_error(r, 409, "slot_unavailable", "One or more slots are not available", "101,102")
    assert r.content == (
        b'{"code":"slot_unavailable","details":"101,102","hint":null,'
        b'"message":"One or more slots are not available"}'
    )


def test_raise_pgrst_with_headers(client: httpx.Client) -> None:
    r = client.post("/rpc/raise_with_headers", json={})
    assert_error(r, 410, "hold_expired", "Hold lapsed", None, "Book again")
    assert r.headers["x-retry"] == "never"


def test_raise_pgrst_array_details_is_121(client: httpx.Client) -> None:
    r = client.post("/rpc/raise_array_details", json={})
    assert_error(
        r,
        500,
        "PGRST121",
        "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
        "Invalid JSON value for MESSAGE: "
        '\'{"code":"slot_unavailable","message":"nope","details":[101,102]}\'',
        "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional "
        "keys: 'details', 'hint'.",
    )


def test_raise_pgrst_detail_without_headers_is_121(client: httpx.Client) -> None:
    r = client.post("/rpc/raise_no_headers", json={})
    assert_error(
        r,
        500,
        "PGRST121",
        "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
        "Invalid JSON value for DETAIL: '{\"status\":409}'",
        "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional "
        "key: 'status_text'.",
    )


def test_raise_pgrst_missing_detail_is_121(client: httpx.Client) -> None:
    r = client.post("/rpc/raise_no_detail", json={})
    assert r.status_code == 500
    assert r.json()["code"] == "PGRST121"
    assert r.json()["details"] == "DETAIL is missing in the RAISE statement"


def test_plain_raise_is_400(client: httpx.Client) -> None:
    r = client.post("/rpc/raise_plain", json={})
    assert_error(r, 400, "P0001", "plain failure", "some detail", "some hint")


def test_ptnnn_status(client: httpx.Client) -> None:
    r = client.post("/rpc/raise_pt", json={})
    assert_error(r, 402, "PT402", "Payment Required")


@pytest.mark.parametrize(
    ("sqlstate", "status"),
    [
        ("23505", 409),
        ("23503", 409),
        ("23P01", 400),
        ("23514", 400),
        ("22P02", 400),
        ("42P01", 404),
        ("42883", 404),
        ("40001", 500),
        ("53300", 503),
        ("28000", 403),
        ("XX000", 500),
    ],
)
def test_sqlstate_table(client: httpx.Client, sqlstate: str, status: int) -> None:
    r = client.post("/rpc/raise_sqlstate", json={"code": sqlstate})
    assert_error(r, status, sqlstate, f"raised {sqlstate}")


def test_unique_violation_409(client: httpx.Client, user_headers: dict[str, str]) -> None:
    r = client.post("/people", json={"id": 99, "name": "ann"}, headers=user_headers)
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "23505"
    assert body["message"] == 'duplicate key value violates unique constraint "people_name_key"'
    assert body["details"] == "Key (name)=(ann) already exists."


def test_bad_value_22p02_400(client: httpx.Client) -> None:
    r = client.get("/items?id=eq.abc")
    assert_error(r, 400, "22P02", 'invalid input syntax for type integer: "abc"')


def test_unknown_column_42703(client: httpx.Client) -> None:
    r = client.get("/items?nope=eq.1")
    assert r.status_code == 400
    assert r.json()["code"] == "42703"
    assert r.json()["message"] == "column items.nope does not exist"


def test_response_gucs(client: httpx.Client) -> None:
    r = client.post("/rpc/set_response", json={})
    assert r.status_code == 202
    assert r.json() == {"ok": True}
    assert r.headers["x-custom"] == "yes"
    assert r.headers.get_list("set-cookie") == ["a=1", "b=2"]


def test_bad_response_status_guc(client: httpx.Client) -> None:
    r = client.post("/rpc/bad_response_status", json={})
    assert_error(r, 500, "PGRST112", "response.status guc must be a valid status code")


def test_bad_response_headers_guc(client: httpx.Client) -> None:
    r = client.post("/rpc/bad_response_headers", json={})
    assert_error(
        r,
        500,
        "PGRST111",
        "response.headers guc must be a JSON array composed of objects with a single key and a "
        "string value",
    )


def test_unknown_table_205(client: httpx.Client, postgrest_version: tuple[int, int, int]) -> None:
    """v13 (production, and pgrst): 404 PGRST205 with a hint; v12 ran the query: 42P01."""
    r = client.get("/itemz")
    if postgrest_version < (13, 0, 0):
        assert_error(r, 404, "42P01", 'relation "api.itemz" does not exist')
        return
    assert_error(
        r,
        404,
        "PGRST205",
        "Could not find the table 'api.itemz' in the schema cache",
        None,
        "Perhaps you meant the table 'api.items'",
    )


def test_invalid_path_125(client: httpx.Client) -> None:
    assert_error(client.get("/items/1"), 404, "PGRST125", "Invalid path specified in request URL")


def test_invalid_schema_106(client: httpx.Client, postgrest_version: tuple[int, int, int]) -> None:
    """v13's message and hint; v12: "The schema must be one of the following: …", no hint."""
    r = client.get("/items", headers={"Accept-Profile": "private"})
    if postgrest_version < (13, 0, 0):
        assert_error(r, 406, "PGRST106", "The schema must be one of the following: api, v2")
        return
    assert_error(
        r, 406, "PGRST106", "Invalid schema: private", None,
        "Only the following schemas are exposed: api, v2",
    )  # fmt: skip


def test_unsupported_method_on_root(client: httpx.Client) -> None:
    assert_error(client.post("/", json={}), 405, "PGRST117", "Unsupported HTTP method: POST")


def test_malformed_queries_are_400(client: httpx.Client) -> None:
    for q in (
        "id=0",
        "id=eq",
        "select=id,,name",
        "order=id.sideways",
        "or=(id.eq.1",
        "id=in.(1,2",
        "select=a:",
        "name=is.maybe",
        "order=",
        "select=%22unterminated",
    ):
        r = client.get(f"/items?{q}")
        assert r.status_code == 400, (q, r.text)
        assert r.json()["code"] == "PGRST100", (q, r.text)
        assert r.json()["message"].startswith('"failed to parse'), (q, r.text)


def test_invalid_json_body(client: httpx.Client) -> None:
    r = client.post("/rpc/add", content=b"{nope", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "PGRST102", "Empty or invalid json")


@pytest.mark.skipif(not IS_PGRST, reason="pgrst-only safety limit (PGRST_SERVER_MAX_BODY_BYTES)")
def test_body_size_limit(client: httpx.Client) -> None:
    big = b'{"j": "' + b"x" * (11 * 1024 * 1024) + b'"}'
    r = client.post("/rpc/echo_json", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["message"] == "Request body is too large"
