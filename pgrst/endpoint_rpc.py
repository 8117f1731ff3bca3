"""Function endpoints `/rpc/<fn>`: arguments from the body or the query string, overload
resolution (pgrst.rpc), the transaction's access mode and the result shapes."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from pgrst.context import ReqCtx
from pgrst.db import Result
from pgrst.embedding import plan_embeds
from pgrst.endpoint_table import parse, range_header
from pgrst.errors import ApiError
from pgrst.negotiation import CT_JSON, Kind, negotiate
from pgrst.paging import CountMode, page
from pgrst.payload import parse_payload, read_body, rpc_arguments
from pgrst.reply import guc_overrides, max_affected_check, read_response, singular_check
from pgrst.responses import make_response
from pgrst.rpc import resolve_function
from pgrst.schema_cache import Function
from pgrst.sql_builder import (
    Body,
    ReadSpec,
    RpcArgs,
    Target,
    build_rpc,
    explain_count_rpc,
    output_names,
)
from pgrst.transaction import Transactions

RPC_PREFS = {"count", "tx", "handling", "timezone", "max-affected"}


async def handle_rpc(ctx: ReqCtx, tx: Transactions, name: str) -> Response:
    method = ctx.method
    if method in ("PATCH", "PUT", "DELETE"):
        raise ApiError(405, "PGRST101", f"Cannot use the {method} method on RPC")
    if method not in ("GET", "HEAD", "POST", "OPTIONS"):
        raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {method}")
    is_get = method in ("GET", "HEAD", "OPTIONS")
    qp = parse(ctx, name, rpc_get=is_get)
    args: dict[str, Any] = {}
    json_post = False
    raw_body: str | None = None
    if method == "POST":
        raw = await read_body(ctx.request, ctx.config.max_body_bytes)
        payload = parse_payload(ctx.request, raw, csv_allowed=False)
        args = rpc_arguments(payload)
        if payload.is_json:
            json_post = True
            raw_body = payload.raw or "{}"
    fn, use_raw = resolve_function(
        ctx.cache, ctx.schema, name, args, qp.rpc_args, is_get, json_post
    )
    plan_embeds(ctx.cache, ctx.schema, fn.return_table[1] if fn.return_table else name, qp)
    if method == "OPTIONS":
        allow = "OPTIONS,POST" if fn.volatility == "v" else "OPTIONS,GET,HEAD,POST"
        return make_response(200, b"", [("Allow", allow)])
    if is_get:
        params = {p.name: p for p in fn.params}
        for k, vals in qp.rpc_args.items():
            p = params.get(k)
            args[k] = vals if (p is not None and p.variadic) else vals[-1]
    call = RpcArgs(raw_json=raw_body) if use_raw else RpcArgs(named=args)
    limit, offset = page(qp, range_header(ctx), ctx.config.db_max_rows)
    kind = negotiate(ctx.request)
    ctx.prefs.check_strict()
    max_aff = ctx.prefs.max_affected if ctx.prefs.strict else None
    if max_aff is not None and not fn.returns_set:
        raise ApiError(
            400,
            "PGRST128",
            "Function must return SETOF or TABLE when max-affected preference is used "
            "with handling=strict",
        )
    count = CountMode(ctx.prefs.get("count"), ctx.config.db_max_rows)
    body = Body.NONE if ctx.head else Body.of(kind)
    spec = ReadSpec(qp.select, qp.filters, qp.order, limit, offset, body, count.exact)
    sql = build_rpc(fn, call, spec)
    explain = explain_count_rpc(fn, call, qp.filters) if count.planned else None

    def check(result: Result) -> None:
        if kind.single:
            singular_check(result)
        if max_aff is not None:
            max_affected_check(result, max_aff)

    needs_check = kind.single or max_aff is not None
    result = await tx.execute(
        ctx,
        sql,
        read_only=is_get or fn.volatility != "v",
        post_check=check if needs_check else None,
        explain=explain,
    )
    count.apply(result)
    headers = ctx.profile_headers() + ctx.applied(RPC_PREFS)
    if fn.return_kind == "void":
        status = guc_overrides(result, 204, headers)
        return make_response(status, None, headers)
    if not fn.returns_set and fn.return_kind == "scalar" and kind is Kind.JSON:
        status = guc_overrides(result, 200, headers)
        return make_response(
            status, result.body.encode(), headers, content_type=CT_JSON, head=ctx.head
        )
    csv_header = _csv_header(fn, qp.select) if kind is Kind.CSV else None
    return read_response(ctx, result, kind, offset, count.counted, headers, csv_header)


def _csv_header(fn: Function, select: Any) -> str:
    cols = fn.return_columns or {"pgrst_scalar": None}  # type: ignore[dict-item]
    return ",".join(output_names(Target(fn.name, "", cols), select))  # type: ignore[arg-type]
