"""Table and view endpoints `/<name>`: OPTIONS, reads (GET/HEAD) and writes
(POST/PATCH/PUT/DELETE) with PostgREST's statuses and headers."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson
from starlette.responses import Response

from pgrst.context import ReqCtx
from pgrst.db import Result
from pgrst.embedding import plan_embeds
from pgrst.errors import ApiError, invalid_body
from pgrst.negotiation import Kind, negotiate
from pgrst.paging import CountMode, page, write_range
from pgrst.payload import parse_payload, read_body, table_rows
from pgrst.query_params import Field, Filter, QueryParams, SelectItem, parse_query
from pgrst.reply import guc_overrides, max_affected_check, read_response, singular_check
from pgrst.responses import Header, make_response
from pgrst.schema_cache import Table
from pgrst.sql_builder import (
    Body,
    ReadSpec,
    Returning,
    build_delete,
    build_insert,
    build_read,
    build_update,
    explain_count_table,
    output_names,
    table_target,
)
from pgrst.transaction import Transactions

ALL_METHODS = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"]
READ_PREFS = {"count", "tx", "handling", "timezone"}


def parse(ctx: ReqCtx, name: str, rpc_get: bool = False) -> QueryParams:
    """The query string, with the resource name in PGRST200 answers of the parser."""
    try:
        return parse_query(ctx.query_string, rpc_get=rpc_get)
    except ApiError as err:
        if err.code == "PGRST200":
            err.message = err.message.replace("{table}", name)
            err.details = str(err.details).replace("{table}", name).replace("{schema}", ctx.schema)
        raise


def lookup_table(ctx: ReqCtx, name: str) -> Table:
    tbl = ctx.cache.tables.get((ctx.schema, name))
    if tbl is None:
        close = ctx.cache.closest_table(ctx.schema, name)
        raise ApiError(
            404,
            "PGRST205",
            f"Could not find the table '{ctx.schema}.{name}' in the schema cache",
            None,
            f"Perhaps you meant the table '{ctx.schema}.{close}'" if close else None,
        )
    return tbl


async def handle_table(ctx: ReqCtx, tx: Transactions, name: str) -> Response:
    if ctx.method not in ALL_METHODS:
        raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {ctx.method}")
    qp = parse(ctx, name)
    tbl = lookup_table(ctx, name)
    if ctx.method == "OPTIONS":
        return make_response(200, b"", [("Allow", ",".join(allowed_methods(tbl)))])
    plan_embeds(ctx.cache, ctx.schema, tbl.name, qp)
    if ctx.method in ("GET", "HEAD"):
        return await table_read(ctx, tx, tbl, qp)
    return await table_write(ctx, tx, tbl, qp)


def allowed_methods(tbl: Table) -> list[str]:
    allow = ["OPTIONS", "GET", "HEAD"]
    if tbl.insertable:
        allow.append("POST")
    if tbl.insertable and tbl.updatable and tbl.pk:
        allow.append("PUT")
    if tbl.updatable:
        allow.append("PATCH")
    if tbl.deletable:
        allow.append("DELETE")
    return allow


def range_header(ctx: ReqCtx) -> str | None:
    return ctx.request.headers.get("range") if ctx.method == "GET" else None


async def table_read(ctx: ReqCtx, tx: Transactions, tbl: Table, qp: QueryParams) -> Response:
    limit, offset = page(qp, range_header(ctx), ctx.config.db_max_rows)
    kind = negotiate(ctx.request)
    ctx.prefs.check_strict()
    count = CountMode(ctx.prefs.get("count"), ctx.config.db_max_rows)
    body = Body.NONE if ctx.head else Body.of(kind)
    spec = ReadSpec(qp.select, qp.filters, qp.order, limit, offset, body, count.exact)
    sql = build_read(tbl, spec)
    explain = explain_count_table(tbl, qp.filters) if count.planned else None
    check = singular_check if kind.single else None
    result = await tx.execute(ctx, sql, read_only=True, post_check=check, explain=explain)
    count.apply(result)
    location = f"/{tbl.name}" + (f"?{qp.canonical}" if qp.canonical else "")
    headers: list[Header] = [("Content-Location", location)]
    headers += ctx.profile_headers() + ctx.applied(READ_PREFS)
    csv_header = None
    if kind is Kind.CSV:
        csv_header = ",".join(output_names(table_target(tbl), qp.select))
    return read_response(ctx, result, kind, offset, count.counted, headers, csv_header)


def check_put_filters(tbl: Table, qp: QueryParams) -> None:
    if qp.limit is not None or qp.offset:
        raise ApiError(
            400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT"
        )
    eq_cols = [
        f.field.name
        for f in qp.filters
        if isinstance(f, Filter) and f.op == "eq" and not f.negate and not f.field.path
    ]
    if not tbl.pk or len(eq_cols) != len(qp.filters) or sorted(eq_cols) != sorted(tbl.pk):
        raise ApiError(
            405,
            "PGRST105",
            "Filters must include all and only primary key columns with 'eq' operators",
        )


def put_payload(tbl: Table, qp: QueryParams, rows: list[dict[str, Any]]) -> dict[str, Any]:
    if len(rows) != 1:
        raise invalid_body("Empty or invalid json")
    payload = rows[0]
    url_vals = {f.field.name: f.value for f in qp.filters if isinstance(f, Filter)}
    for col in tbl.pk:
        val = payload.get(col)
        text = None if val is None else (str(val).lower() if isinstance(val, bool) else str(val))
        if text is None or text != url_vals.get(col):
            raise ApiError(
                400, "PGRST115", "Payload values do not match URL in primary key column(s)"
            )
    return payload


def _location(tbl: Table, result: Result) -> str:
    """Location of the one row a POST inserted: `/<t>?pk=eq.v` (a null key: `is.null`)."""
    pkrow = orjson.loads(result.body)[0]
    parts = []
    for c in tbl.pk:
        v = pkrow.get(c)
        text = v if isinstance(v, str) else orjson.dumps(v).decode()
        val = "is.null" if v is None else "eq." + text
        parts.append(f"{quote(c, safe='')}={quote(val, safe='.')}")
    return f"/{tbl.name}?" + "&".join(parts)


async def table_write(ctx: ReqCtx, tx: Transactions, tbl: Table, qp: QueryParams) -> Response:
    method = ctx.method
    upsert_tracked = False
    if method == "PUT":
        check_put_filters(tbl, qp)
    rows: list[dict[str, Any]] = []
    if method != "DELETE":
        raw = await read_body(ctx.request, ctx.config.max_body_bytes)
        rows = table_rows(parse_payload(ctx.request, raw, csv_allowed=True))
    kind = negotiate(ctx.request)
    ctx.prefs.check_strict()
    ret = ctx.prefs.get("return") or "minimal"
    need_rows = ret in ("representation", "headers-only") or kind.single
    body = Body.NONE
    if ret == "representation":
        body = Body.of(kind) if kind.single or kind.stripped else Body.ARRAY
    elif ret == "headers-only" and method == "POST" and tbl.pk:
        body = Body.ARRAY
    select = qp.select
    if ret == "headers-only" and tbl.pk:
        select = [SelectItem(field=Field(c)) for c in tbl.pk]
    returning = Returning(select, body, need_rows)
    count = ctx.prefs.get("count") is not None
    max_aff = ctx.prefs.max_affected if ctx.prefs.strict else None

    def check(result: Result) -> None:
        if kind.single:
            singular_check(result)
        if max_aff is not None and method in ("PATCH", "DELETE"):
            max_affected_check(result, max_aff)

    needs_check = kind.single or (max_aff is not None and method != "POST")
    if method == "POST":
        columns = qp.columns if qp.columns is not None else (list(rows[0]) if rows else [])
        if qp.columns is not None:
            rows = [{c: r.get(c) for c in columns} for r in rows]
        resolution = ctx.prefs.get("resolution")
        if resolution and not (tbl.pk or qp.on_conflict):
            resolution = None
        sql = build_insert(
            tbl, columns, orjson.dumps(rows).decode(), returning,
            on_conflict=qp.on_conflict, resolution=resolution,
        )  # fmt: skip
        kinds = {"resolution", "missing", "return", "count", "tx", "handling", "timezone"}
        if not resolution:
            kinds.discard("resolution")
        upsert_tracked = bool(resolution) and tbl.is_plain_table
        status = 201
    elif method == "PUT":
        payload = put_payload(tbl, qp, rows)
        sql = build_insert(
            tbl, list(payload), orjson.dumps([payload]).decode(), returning,
            resolution="merge-duplicates",
        )  # fmt: skip
        kinds = {"return", "count", "tx", "handling", "timezone"}
        status = 204
    elif method == "PATCH":
        payload = rows[0] if rows else {}
        columns = qp.columns if qp.columns is not None else list(payload)
        payload = {c: payload.get(c) for c in columns}
        sql = build_update(tbl, columns, orjson.dumps(payload).decode(), qp.filters, returning)
        kinds = {"return", "count", "tx", "handling", "timezone", "max-affected"}
        status = 200 if ret == "representation" else 204
    else:
        sql = build_delete(tbl, qp.filters, returning)
        kinds = {"return", "count", "tx", "handling", "timezone", "max-affected"}
        status = 200 if ret == "representation" else 204
    result = await tx.execute(ctx, sql, read_only=False, post_check=check if needs_check else None)
    n = result.page_total
    if method == "POST" and upsert_tracked and not result.total:
        status = 200
    if method == "PUT":
        status = 204
        if ret == "representation":
            status = 201 if result.total else 200
    headers: list[Header] = [("Content-Range", write_range(method, n, count))]
    if method == "POST" and ret == "headers-only" and tbl.pk and n == 1:
        headers.append(("Location", _location(tbl, result)))
    headers += ctx.profile_headers() + ctx.applied(kinds)
    status = guc_overrides(result, status, headers)
    if body is not Body.NONE and ret == "representation":
        return make_response(status, result.body.encode(), headers, content_type=body.content_type)
    if method == "POST":
        return make_response(status, b"", headers)
    return make_response(status, None, headers)
