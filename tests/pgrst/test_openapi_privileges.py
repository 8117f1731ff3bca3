"""The OpenAPI description follows the request role's privileges, PostgREST's default
`openapi-mode=follow-privileges` (docs: references/api/openapi.rst, "this output depends on
the permissions of the role that is contained in the JWT role claim (or the db-anon-role if
no JWT is sent)"; references/configuration.rst#openapi-mode)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.pgrst.conftest import ANON, EXTERNAL, SECRET, _authenticator_url
from tests.support.pgrst_server import start_pgrst


def paths(r: httpx.Response) -> set[str]:
    assert r.status_code == 200, r.text
    return set(r.json()["paths"])


def test_anonymous_description_lists_what_anon_may_use(client: httpx.Client) -> None:
    doc = client.get("/").json()
    listed = set(doc["paths"])
    assert {"/", "/items", "/people", "/films", "/rpc/add", "/rpc/getallfilms"} <= listed
    # no privilege at all: api.secrets; granted to pgrst_test_user only: api.scratch,
    # api.members_only()
    assert not {"/secrets", "/scratch", "/rpc/members_only"} & listed
    assert "secrets" not in doc["definitions"] and "scratch" not in doc["definitions"]


def test_a_tokens_role_decides(client: httpx.Client, user_headers: dict[str, str]) -> None:
    listed = paths(client.get("/", headers=user_headers))
    assert {"/items", "/scratch", "/rpc/members_only", "/rpc/add"} <= listed
    assert "/secrets" not in listed


@pytest.fixture(scope="module")
def ignore_privileges_url(fixture_db: str) -> Iterator[str]:
    if EXTERNAL:
        pytest.skip("needs a second server configuration (openapi-mode)")
    handle = start_pgrst(
        _authenticator_url(fixture_db), schemas="api", anon_role=ANON, jwt_secret=SECRET,
        pool=1, extra_env={"PGRST_OPENAPI_MODE": "ignore-privileges"},
    )  # fmt: skip
    try:
        yield str(handle)
    finally:
        handle.stop()


def test_ignore_privileges_lists_everything(ignore_privileges_url: str) -> None:
    listed = paths(httpx.get(ignore_privileges_url + "/"))
    assert {"/secrets", "/scratch", "/rpc/members_only", "/items"} <= listed
