"""Building the answer from a statement's result: the response GUCs, post-statement checks
(singular, max-affected) and the read response."""

from __future__ import annotations

import orjson
from starlette.responses import Response

from pgrst.context import ReqCtx
from pgrst.db import Result
from pgrst.errors import ApiError
from pgrst.negotiation import CONTENT_TYPES, Kind
from pgrst.paging import read_range
from pgrst.responses import Header, header_allowed, make_response


def guc_overrides(result: Result, status: int, headers: list[Header]) -> int:
    """`response.status` and `response.headers` set by the statement (PGRST112 / PGRST111);
    the GUC headers replace same-named headers in place of `headers`."""
    if result.response_status is not None:
        try:
            status = int(result.response_status)
            if not 100 <= status <= 999:
                raise ValueError
        except ValueError as exc:
            raise ApiError(
                500, "PGRST112", "response.status guc must be a valid status code"
            ) from exc
    if result.response_headers is not None:
        err = ApiError(
            500,
            "PGRST111",
            "response.headers guc must be a JSON array composed of objects with a single "
            "key and a string value",
        )
        try:
            parsed = orjson.loads(result.response_headers)
        except orjson.JSONDecodeError as exc:
            raise err from exc
        if not isinstance(parsed, list):
            raise err
        extra: list[Header] = []
        for item in parsed:
            if not (isinstance(item, dict) and len(item) == 1):
                raise err
            ((k, v),) = item.items()
            if not isinstance(v, str) or not header_allowed(k, v):
                raise err
            extra.append((k, v))
        names = {k.lower() for k, _ in extra}
        headers[:] = [h for h in headers if h[0].lower() not in names] + extra
    return status


def singular_check(result: Result) -> None:
    if result.page_total != 1:
        raise ApiError(
            406,
            "PGRST116",
            "Cannot coerce the result to a single JSON object",
            f"The result contains {result.page_total} rows",
        )


def max_affected_check(result: Result, max_affected: int) -> None:
    if result.page_total > max_affected:
        raise ApiError(
            400,
            "PGRST124",
            "Query result exceeds max-affected preference constraint",
            f"The query affects {result.page_total} rows",
        )


def read_response(
    ctx: ReqCtx,
    result: Result,
    kind: Kind,
    offset: int,
    counted: bool,
    extra_headers: list[Header],
    csv_header: str | None = None,
) -> Response:
    status, crange = read_range(result, offset, counted)
    headers: list[Header] = [("Content-Range", crange), *extra_headers]
    status = guc_overrides(result, status, headers)
    body = result.body
    if kind is Kind.CSV and csv_header is not None:
        body = csv_header + ("\n" + body if body else "")
    return make_response(
        status, body.encode(), headers, content_type=CONTENT_TYPES[kind], head=ctx.head
    )
