"""Review findings on headers a SQL function sets (response.headers GUC, or the DETAIL of
RAISE SQLSTATE 'PGRST'): they must not split the response or contradict its framing."""

from __future__ import annotations

import pytest

from pgrst.app import PgrstApp
from pgrst.db import Result
from pgrst.errors import ApiError
from pgrst.responses import make_response


def _result(headers: str) -> Result:
    return Result(total=None, page_total=0, body="[]", response_headers=headers,
                  response_status=None)  # fmt: skip


def test_function_content_length_does_not_duplicate_framing() -> None:
    """A Content-Length from the function was sent next to the computed one: two
    Content-Length headers (nginx answers 502; uvicorn aborts the body mid-way)."""
    resp = make_response(200, b"[1,2,3]", [("Content-Length", "0"), ("X-A", "b")])
    lengths = [v for k, v in resp.raw_headers if k == b"content-length"]
    assert lengths == [b"7"]
    assert (b"x-a", b"b") in resp.raw_headers


@pytest.mark.parametrize(
    "headers",
    [
        '[{"X-A":"ok\\r\\nSet-Cookie: session=attacker"}]',
        '[{"X-A\\r\\nSet-Cookie":"x"}]',
        '[{"Bad Name":"x"}]',
        '[{"X-A":"nul\\u0000"}]',
        '[{"Transfer-Encoding":"chunked"}]',
    ],
)
def test_response_headers_guc_cannot_inject(headers: str) -> None:
    with pytest.raises(ApiError) as exc:
        PgrstApp._guc_overrides(_result(headers), 200, [])
    assert exc.value.status == 500 and exc.value.code == "PGRST111"
