"""The request path as PostgREST reads it: WAI's `pathInfo` (http-types' decodePathSegments)
splits the raw path on `/` and percent-decodes each segment once, a trailing slash leaving an
empty last segment; PostgREST's getResource (ApiRequest.hs) serves `/`, `/<table>` and
`/rpc/<fn>` and answers anything else 404 PGRST125 (its ErrorSpec: `/invalid/nested/paths`).
So `/rpc/add/` is not `/rpc/add`, and `%2561dd` names the function `%61dd`, not `add`
(issue 16: pgrst used to strip the slash and decode twice, sidestepping nginx's exact-match
rate limits)."""

from __future__ import annotations

import httpx
import pytest

from pgrst.app import path_segments
from tests.pgrst.conftest import assert_error

INVALID = "Invalid path specified in request URL"


def test_segments_decoded_once() -> None:
    assert path_segments(b"/") == [] and path_segments(b"") == []
    assert path_segments(b"/rpc/%256Cogin") == ["rpc", "%6Cogin"]
    assert path_segments(b"/rpc/login/") == ["rpc", "login", ""]
    assert path_segments(b"/a%2Fb") == ["a/b"]
    assert path_segments(b"/caf%C3%A9+x") == ["café+x"]
    assert path_segments(b"//") == ["", ""]


def test_a_percent_encoded_name_is_decoded_once(client: httpx.Client) -> None:
    r = client.get("/rpc/%61dd?a=1&b=2")
    assert r.status_code == 200 and r.json() == 3
    assert client.get("/it%65ms?select=id&id=eq.1").json() == [{"id": 1}]
    r = client.get("/rpc/%2561dd?a=1&b=2")
    assert_error(
        r, 404, "PGRST202", "Could not find the function api.%61dd(a, b) in the schema cache",
        "Searched for the function api.%61dd with parameters a, b, but no matches were found "
        "in the schema cache.", r.json()["hint"],
    )  # fmt: skip
    assert client.post("/rpc/%2561dd", json={"a": 1, "b": 2}).status_code == 404


@pytest.mark.parametrize("path", ["/rpc/add/", "/items/", "/items//", "/rpc/add/x"])
def test_a_trailing_slash_or_extra_segment_is_pgrst125(client: httpx.Client, path: str) -> None:
    assert_error(client.get(path + "?a=1&b=2"), 404, "PGRST125", INVALID)
    assert_error(client.post(path, json={"a": 1, "b": 2}), 404, "PGRST125", INVALID)
