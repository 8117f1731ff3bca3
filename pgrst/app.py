"""The ASGI application: routing, negotiation and PostgREST's request semantics."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import orjson
import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pgrst import cors, openapi
from pgrst.auth import Authenticator, AuthResult
from pgrst.config import Config
from pgrst.db import Result, run_transaction
from pgrst.errors import ApiError, from_pg_error, invalid_body, range_error
from pgrst.listener import SchemaCacheHolder
from pgrst.prefer import Preferences, parse_prefer
from pgrst.query_params import (
    Field,
    Filter,
    QueryParams,
    SelectItem,
    parse_query,
    split_query,
)
from pgrst.responses import Header, error_response, header_allowed, make_response
from pgrst.rpc import resolve_function
from pgrst.schema_cache import SchemaCache, Table
from pgrst.sql_builder import (
    Sql,
    Target,
    build_delete,
    build_insert,
    build_read,
    build_rpc,
    build_update,
    explain_count_rpc,
    explain_count_table,
    output_names,
    qi,
    table_target,
)

log = logging.getLogger("pgrst")

CT_JSON = b"application/json; charset=utf-8"
CT_OBJECT = b"application/vnd.pgrst.object+json; charset=utf-8"
CT_CSV = b"text/csv; charset=utf-8"
CT_BY_KIND = {
    "json": CT_JSON,
    "single": CT_OBJECT,
    "json_strip": b"application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8",
    "single_strip": b"application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8",
    "csv": CT_CSV,
}
CT_OPENAPI = b"application/openapi+json; charset=utf-8"
ALL_METHODS = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"]


@dataclass
class ReqCtx:
    request: Request
    method: str
    path: str
    auth: AuthResult
    schema: str
    profile_header: bool
    prefs: Preferences
    cache: SchemaCache


def _accept(request: Request, allowed: dict[str, str]) -> str:
    """Pick the first acceptable media type (ordered by q). Returns a key of `allowed`."""
    raw = request.headers.get("accept")
    if not raw:
        return "json"
    entries: list[tuple[float, int, str]] = []
    sent: list[str] = []
    for idx, part in enumerate(raw.split(",")):
        part = part.strip()
        if not part:
            continue
        sent.append(part)
        pieces = [p.strip() for p in part.split(";")]
        mt = pieces[0].lower()
        q = 1.0
        params = []
        for p in pieces[1:]:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
            else:
                params.append(p.lower().replace(" ", ""))
        if mt in ("application/vnd.pgrst.object+json", "application/vnd.pgrst.object"):
            mt = "application/vnd.pgrst.object+json"
        if mt in ("application/vnd.pgrst.array+json", "application/vnd.pgrst.array"):
            mt = "application/vnd.pgrst.array+json"
        if mt.startswith("application/vnd.pgrst.") and "nulls=stripped" in params:
            mt += ";nulls=stripped"
        entries.append((-q, idx, mt))
    entries.sort()
    for negq, _, mt in entries:
        if negq == 0:
            continue
        if mt in allowed:
            return allowed[mt]
    raise ApiError(406, "PGRST107", "None of these media types are available: " + ", ".join(sent))


READ_TYPES = {
    "*/*": "json",
    "application/*": "json",
    "application/json": "json",
    "application/vnd.pgrst.object+json": "single",
    "application/vnd.pgrst.object+json;nulls=stripped": "single_strip",
    "application/vnd.pgrst.array+json": "json",
    "application/vnd.pgrst.array+json;nulls=stripped": "json_strip",
    "text/csv": "csv",
    "text/*": "csv",
}


class PgrstApp:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.auth = Authenticator(config)
        self.pool: AsyncConnectionPool | None = None
        self.holder = SchemaCacheHolder(config)
        self._search_paths: dict[str, str] = {}
        self.starlette = Starlette(
            routes=[Route("/{path:path}", self.handle, methods=ALL_METHODS)],
            lifespan=self.lifespan,
        )

    # ------------------------------------------------------------------ lifecycle

    @asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    async def start(self) -> None:
        self.pool = AsyncConnectionPool(
            self.config.db_uri,
            min_size=self.config.db_pool,
            max_size=self.config.db_pool,
            kwargs={"autocommit": True, "prepare_threshold": 2},
            open=False,
            name="pgrst",
        )
        await self.pool.open(wait=False)
        await self.holder.start()

    async def stop(self) -> None:
        await self.holder.stop()
        if self.pool is not None:
            await self.pool.close()

    # ------------------------------------------------------------------ entry point

    async def handle(self, request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin is None:
            return await self._handle_safe(request)
        return await cors.apply(self.config, request, origin, self._handle_safe)

    async def _handle_safe(self, request: Request) -> Response:
        head = request.method == "HEAD"
        try:
            return await self._handle(request)
        except ApiError as err:
            if err.status >= 500:
                log.error(
                    "request failed",
                    extra={"status": err.status, "code": err.code, "path": request.url.path},
                )
            return error_response(err, head=head)
        except Exception:  # noqa: BLE001 - the last resort must answer, not crash
            log.exception("internal error", extra={"path": request.url.path})
            return error_response(ApiError(500, "PGRSTX00", "Internal server error"), head=head)

    async def _handle(self, request: Request) -> Response:
        method = request.method
        path = request.scope["path"]
        raw_path = request.scope.get("raw_path")
        gucpath = raw_path.decode("latin-1").split("?", 1)[0] if raw_path else path
        auth = self.auth.authenticate(request.headers.get("authorization"))
        cache = await self.holder.get()
        segments = [unquote(s) for s in path.strip("/").split("/")] if path.strip("/") else []
        if len(segments) > 2 or (len(segments) == 2 and segments[0] != "rpc"):
            raise ApiError(404, "PGRST125", "Invalid path specified in request URL")
        if len(segments) == 1 and segments[0] == "rpc":
            raise ApiError(404, "PGRST125", "Invalid path specified in request URL")

        profile_key = (
            "accept-profile" if method in ("GET", "HEAD", "OPTIONS") else "content-profile"
        )
        profile = request.headers.get(profile_key)
        schemas = self.config.db_schemas
        if profile is not None:
            if profile not in schemas:
                raise ApiError(
                    406,
                    "PGRST106",
                    f"Invalid schema: {profile}",
                    None,
                    "Only the following schemas are exposed: " + ", ".join(schemas),
                )
            schema = profile
        else:
            schema = schemas[0]
        prefs = parse_prefer(request.headers.getlist("prefer"), cache.timezones)
        ctx = ReqCtx(request, method, gucpath, auth, schema, profile is not None, prefs, cache)

        if not segments:
            if method not in ("GET", "HEAD"):
                raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {method}")
            return self._openapi(ctx)
        if segments[0] == "rpc":
            return await self._rpc(ctx, segments[1])
        return await self._table(ctx, segments[0])

    # ------------------------------------------------------------------ helpers

    def _profile_headers(self, ctx: ReqCtx) -> list[Header]:
        if ctx.profile_header or len(self.config.db_schemas) > 1:
            return [("Content-Profile", ctx.schema)]
        return []

    def _tx_rollback(self, ctx: ReqCtx) -> bool:
        if self.config.tx_allow_override:
            tx = ctx.prefs.get("tx")
            if tx is not None:
                return tx == "rollback"
        return self.config.tx_default_rollback

    def _applied(self, ctx: ReqCtx, kinds: set[str]) -> list[Header]:
        if not self.config.tx_allow_override:
            kinds = kinds - {"tx"}
        val = ctx.prefs.applied(kinds)
        return [("Preference-Applied", val)] if val else []

    def _settings(self, ctx: ReqCtx, read_only: bool) -> str:
        """The transaction-local settings as one JSON object (order = PostgREST's order)."""
        req = ctx.request
        settings: dict[str, str] = {}
        if read_only:
            settings["transaction_read_only"] = "on"
        settings["search_path"] = self._search_paths.get(ctx.schema) or self._search_path(
            ctx.schema
        )
        for k, v in ctx.cache.role_settings.get(ctx.auth.role, ()):
            settings[k] = v
        headers: dict[str, str] = {}
        cookie_header = None
        for k, v in req.scope["headers"]:
            name = k.decode("latin-1").lower()
            if name == "cookie":
                cookie_header = v.decode("latin-1")
                continue
            headers[name] = v.decode("latin-1")
        cookies: dict[str, str] = {}
        if cookie_header:
            for part in cookie_header.split(";"):
                if "=" in part:
                    ck, cv = part.split("=", 1)
                    cookies[ck.strip()] = cv.strip()
        settings["role"] = ctx.auth.role
        settings["request.jwt.claims"] = ctx.auth.claims_json
        settings["request.method"] = ctx.method
        settings["request.path"] = ctx.path
        settings["request.headers"] = orjson.dumps(headers).decode()
        settings["request.cookies"] = orjson.dumps(cookies).decode()
        tz = ctx.prefs.get("timezone")
        if tz is not None:
            settings["timezone"] = tz
        settings.update(self.config.app_settings)
        return orjson.dumps(settings).decode()

    def _search_path(self, schema: str) -> str:
        val = ", ".join(
            '"' + s.replace('"', '""') + '"' for s in [schema, *self.config.db_extra_search_path]
        )
        self._search_paths[schema] = val
        return val

    async def _execute(
        self,
        ctx: ReqCtx,
        sql: Sql,
        *,
        read_only: bool,
        post_check: Any = None,
        explain: Sql | None = None,
    ) -> Result:
        if self.pool is None:
            raise ApiError(503, "PGRST000", "Database connection error. Retrying the connection.")
        settings_json = self._settings(ctx, read_only)
        pre = None
        if self.config.db_pre_request:
            pre = f"SELECT {qi(*self.config.db_pre_request)}()"
        rollback = self._tx_rollback(ctx)
        try:
            async with self.pool.connection(
                timeout=self.config.db_pool_acquisition_timeout
            ) as conn:
                return await run_transaction(
                    conn,
                    settings_json=settings_json,
                    pre_request_sql=pre,
                    main_sql=sql.parts[0],
                    main_params=sql.params,
                    rollback=rollback,
                    post_check=post_check,
                    explain=(explain.parts[0], explain.params) if explain else None,
                )
        except PoolTimeout as exc:
            raise ApiError(
                504, "PGRST003", "Timed out acquiring connection from connection pool."
            ) from exc
        except psycopg.OperationalError as exc:
            if exc.sqlstate is None:
                raise ApiError(
                    503,
                    "PGRST000",
                    "Database connection error. Retrying the connection.",
                    str(exc),
                ) from exc
            raise from_pg_error(exc, ctx.auth.authenticated) from exc
        except psycopg.Error as exc:
            raise from_pg_error(exc, ctx.auth.authenticated) from exc

    def _needs_exact(self, mode: str | None) -> bool:
        """count=exact always counts; count=estimated counts up to db-max-rows."""
        return mode in ("exact", "estimated")

    def _needs_plan(self, mode: str | None) -> bool:
        return mode == "planned" or (mode == "estimated" and self.config.db_max_rows is not None)

    def _apply_count_mode(self, mode: str | None, result: Result) -> None:
        if mode == "planned":
            result.total = result.planned_rows
        elif mode == "estimated" and self.config.db_max_rows is not None:
            exact = result.total or 0
            if exact > self.config.db_max_rows and result.planned_rows is not None:
                result.total = max(self.config.db_max_rows, result.planned_rows)

    @staticmethod
    def _guc_overrides(result: Result, status: int, headers: list[Header]) -> int:
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

    async def _read_body(self, request: Request) -> bytes:
        limit = self.config.max_body_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise ApiError(413, "PGRST102", "Request body is too large", f"Limit: {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(
                    413, "PGRST102", "Request body is too large", f"Limit: {limit} bytes"
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _range(self, ctx: ReqCtx, qp: QueryParams) -> tuple[int | None, int]:
        """Combine limit/offset, the Range header and db-max-rows into (limit, offset)."""
        if qp.limit is not None and qp.limit < 0:
            raise range_error("Limit should be greater than or equal to zero.")
        lower = qp.offset
        upper: int | None = None if qp.limit is None else qp.offset + qp.limit - 1
        rng = ctx.request.headers.get("range") if ctx.method == "GET" else None
        if rng:
            rng = rng.strip()
            m = _RANGE_RE.match(rng)
            if m:
                r_lo = int(m.group(1))
                r_hi = int(m.group(2)) if m.group(2) else None
                if r_hi is not None and r_lo > r_hi:
                    raise range_error(
                        "The lower boundary must be lower than or equal to the upper boundary "
                        "in the Range header."
                    )
                lower = max(lower, r_lo) if qp.offset else r_lo + qp.offset
                if r_hi is not None:
                    upper = r_hi if upper is None else min(upper, r_hi)
        limit = None if upper is None else max(0, upper - lower + 1)
        if self.config.db_max_rows is not None:
            limit = (
                self.config.db_max_rows if limit is None else min(limit, self.config.db_max_rows)
            )
        return limit, lower

    def _read_response(
        self,
        ctx: ReqCtx,
        result: Result,
        kind: str,
        offset: int,
        counted: bool,
        extra_headers: list[Header],
        csv_header: str | None = None,
    ) -> Response:
        total = result.total if counted else None
        page = result.page_total
        if page == 0 or total == 0:
            crange = f"*/{total if total is not None else '*'}"
        else:
            crange = f"{offset}-{offset + page - 1}/{total if total is not None else '*'}"
        status = 200
        if total is not None:
            if offset > total:
                raise ApiError(
                    416,
                    "PGRST103",
                    "Requested range not satisfiable",
                    f"An offset of {offset} was requested, but there are only {total} rows.",
                    headers=[("Content-Range", f"*/{total}")],
                )
            if page < total:
                status = 206
        headers: list[Header] = [("Content-Range", crange), *extra_headers]
        status = self._guc_overrides(result, status, headers)
        if kind == "csv":
            body = result.body
            if csv_header is not None:
                body = csv_header + ("\n" + body if body else "")
            ctype = CT_CSV
        else:
            body = result.body
            ctype = CT_BY_KIND.get(kind, CT_JSON)
        return make_response(
            status, body.encode(), headers, content_type=ctype, head=ctx.method == "HEAD"
        )

    @staticmethod
    def _singular_check(result: Result) -> None:
        if result.page_total != 1:
            raise ApiError(
                406,
                "PGRST116",
                "Cannot coerce the result to a single JSON object",
                f"The result contains {result.page_total} rows",
            )

    # ------------------------------------------------------------------ root

    def _openapi(self, ctx: ReqCtx) -> Response:
        if self.config.openapi_mode == "disabled":
            raise ApiError(404, "PGRST126", "Root endpoint metadata is disabled")
        _accept(
            ctx.request,
            {
                "*/*": "o",
                "application/*": "o",
                "application/json": "o",
                "application/openapi+json": "o",
            },  # fmt: skip
        )
        doc = openapi.build(self.config, ctx.cache, ctx.schema)
        return make_response(
            200,
            orjson.dumps(doc),
            self._profile_headers(ctx),
            content_type=CT_OPENAPI,
            head=ctx.method == "HEAD",
        )

    # ------------------------------------------------------------------ tables

    def _lookup_table(self, ctx: ReqCtx, name: str) -> Table:
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

    async def _table(self, ctx: ReqCtx, name: str) -> Response:
        method = ctx.method
        if method not in ALL_METHODS:
            raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {method}")
        qp = _parse(ctx, name, ctx.request.scope["query_string"].decode("latin-1"), False)
        tbl = self._lookup_table(ctx, name)
        if method == "OPTIONS":
            allow = ["OPTIONS", "GET", "HEAD"]
            if tbl.insertable:
                allow.append("POST")
            if tbl.insertable and tbl.updatable and tbl.pk:
                allow.append("PUT")
            if tbl.updatable:
                allow.append("PATCH")
            if tbl.deletable:
                allow.append("DELETE")
            return make_response(200, b"", [("Allow", ",".join(allow))])
        if method in ("GET", "HEAD"):
            return await self._table_read(ctx, tbl, qp)
        return await self._table_write(ctx, tbl, qp)

    @staticmethod
    def _check_put_filters(tbl: Table, qp: QueryParams) -> None:
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

    @staticmethod
    def _put_payload(tbl: Table, qp: QueryParams, rows: list[dict[str, Any]]) -> dict[str, Any]:
        if len(rows) != 1:
            raise invalid_body("Empty or invalid json")
        payload = rows[0]
        url_vals = {f.field.name: f.value for f in qp.filters if isinstance(f, Filter)}
        for col in tbl.pk:
            val = payload.get(col)
            text = (
                None if val is None else (str(val).lower() if isinstance(val, bool) else str(val))
            )
            if text is None or text != url_vals.get(col):
                raise ApiError(
                    400, "PGRST115", "Payload values do not match URL in primary key column(s)"
                )
        return payload

    async def _table_read(self, ctx: ReqCtx, tbl: Table, qp: QueryParams) -> Response:
        limit, offset = self._range(ctx, qp)
        kind = _accept(ctx.request, READ_TYPES)
        ctx.prefs.check_strict()
        mode = ctx.prefs.get("count")
        count = mode is not None
        exact = self._needs_exact(mode)
        body = "none" if ctx.method == "HEAD" else kind
        sql = build_read(tbl, qp.select, qp.filters, qp.order, limit, offset, body, exact)
        explain = explain_count_table(tbl, qp.filters) if self._needs_plan(mode) else None
        check = self._singular_check if kind.startswith("single") else None
        result = await self._execute(ctx, sql, read_only=True, post_check=check, explain=explain)
        self._apply_count_mode(mode, result)
        location = f"/{tbl.name}" + (f"?{qp.canonical}" if qp.canonical else "")
        headers = [("Content-Location", location)]
        headers += self._profile_headers(ctx)
        headers += self._applied(ctx, {"count", "tx", "handling", "timezone"})
        csv_header = None
        if kind == "csv":
            csv_header = ",".join(output_names(table_target(tbl), qp.select))
        return self._read_response(ctx, result, kind, offset, count, headers, csv_header)

    def _parse_payload(self, ctx: ReqCtx, raw: bytes) -> list[dict[str, Any]]:
        ctype = (ctx.request.headers.get("content-type") or "application/json").split(";")[0]
        ctype = ctype.strip().lower()
        if ctype in ("application/json", "*/*", ""):
            try:
                data = orjson.loads(raw) if raw.strip() else None
            except orjson.JSONDecodeError as exc:
                raise invalid_body("Empty or invalid json") from exc
            if isinstance(data, dict):
                return [data]
            if isinstance(data, list) and all(isinstance(r, dict) for r in data):
                if data:
                    keys = set(data[0])
                    if any(set(r) != keys for r in data[1:]):
                        raise invalid_body("All object keys must match")
                return data
            raise invalid_body("Empty or invalid json")
        if ctype == "application/x-www-form-urlencoded":
            return [dict(split_query(raw.decode("utf-8", errors="replace")))]
        if ctype == "text/csv":
            return _parse_csv(raw)
        raise invalid_body(f"Content-Type not acceptable: {ctype}")

    async def _table_write(self, ctx: ReqCtx, tbl: Table, qp: QueryParams) -> Response:
        method = ctx.method
        upsert_tracked = False
        if method == "PUT":
            self._check_put_filters(tbl, qp)
        raw = await self._read_body(ctx.request) if method != "DELETE" else b""
        rows = self._parse_payload(ctx, raw) if method != "DELETE" else []
        single = _accept(ctx.request, READ_TYPES)
        ctx.prefs.check_strict()
        ret = ctx.prefs.get("return") or "minimal"
        is_single = single.startswith("single")
        need_rows = ret in ("representation", "headers-only") or is_single
        body_kind = "none"
        if ret == "representation":
            body_kind = single if is_single or single.endswith("_strip") else "array"
        elif ret == "headers-only" and method == "POST" and tbl.pk:
            body_kind = "array"
        select = qp.select
        if ret == "headers-only" and tbl.pk:
            select = [SelectItem(field=_field(c)) for c in tbl.pk]
        count = ctx.prefs.get("count") is not None
        max_aff = ctx.prefs.max_affected if ctx.prefs.strict else None

        def check(result: Result) -> None:
            if is_single:
                self._singular_check(result)
            if (
                max_aff is not None
                and method in ("PATCH", "DELETE")
                and result.page_total > max_aff
            ):
                raise ApiError(
                    400,
                    "PGRST124",
                    "Query result exceeds max-affected preference constraint",
                    f"The query affects {result.page_total} rows",
                )

        needs_check = is_single or (max_aff is not None and method != "POST")
        if method == "POST":
            columns = qp.columns if qp.columns is not None else (list(rows[0]) if rows else [])
            if qp.columns is not None:
                rows = [{c: r.get(c) for c in columns} for r in rows]
            resolution = ctx.prefs.get("resolution")
            if resolution and not (tbl.pk or qp.on_conflict):
                resolution = None
            sql = build_insert(
                tbl, columns, orjson.dumps(rows).decode(), qp.on_conflict, resolution,
                select, body_kind, need_rows,
            )  # fmt: skip
            kinds = {"resolution", "missing", "return", "count", "tx", "handling", "timezone"}
            if not resolution:
                kinds.discard("resolution")
            upsert_tracked = bool(resolution) and tbl.is_plain_table
            status = 201
        elif method == "PUT":
            payload = self._put_payload(tbl, qp, rows)
            columns = list(payload)
            sql = build_insert(
                tbl, columns, orjson.dumps([payload]).decode(), None, "merge-duplicates",
                select, body_kind, need_rows,
            )  # fmt: skip
            kinds = {"return", "count", "tx", "handling", "timezone"}
            status = 204
        elif method == "PATCH":
            payload = rows[0] if rows else {}
            columns = qp.columns if qp.columns is not None else list(payload)
            payload = {c: payload.get(c) for c in columns}
            sql = build_update(
                tbl, columns, orjson.dumps(payload).decode(), qp.filters, select, body_kind,
                need_rows,
            )  # fmt: skip
            kinds = {"return", "count", "tx", "handling", "timezone", "max-affected"}
            status = 200 if ret == "representation" else 204
        else:
            sql = build_delete(tbl, qp.filters, select, body_kind, need_rows)
            kinds = {"return", "count", "tx", "handling", "timezone", "max-affected"}
            status = 200 if ret == "representation" else 204
        result = await self._execute(
            ctx, sql, read_only=False, post_check=check if needs_check else None
        )
        n = result.page_total
        if method == "POST" and upsert_tracked and not result.total:
            status = 200
        if method == "PUT":
            status = 204
            if ret == "representation":
                status = 201 if result.total else 200
        headers: list[Header] = []
        if method == "PATCH":
            crange = f"0-{n - 1}/*" if n else "*/*"
        else:
            crange = "*/*"
        if count:
            crange = crange[: crange.index("/") + 1] + str(n)
        headers.append(("Content-Range", crange))
        if method == "POST" and ret == "headers-only" and tbl.pk and n == 1:
            pkrow = orjson.loads(result.body)[0]
            parts = []
            for c in tbl.pk:
                v = pkrow.get(c)
                val = (
                    "is.null"
                    if v is None
                    else "eq." + (v if isinstance(v, str) else orjson.dumps(v).decode())
                )
                parts.append(f"{quote(c, safe='')}={quote(val, safe='.')}")
            headers.append(("Location", f"/{tbl.name}?" + "&".join(parts)))
        headers += self._profile_headers(ctx)
        headers += self._applied(ctx, kinds)
        status = self._guc_overrides(result, status, headers)
        if body_kind != "none" and ret == "representation":
            ctype = CT_BY_KIND.get(body_kind, CT_JSON)
            return make_response(status, result.body.encode(), headers, content_type=ctype)
        if method == "POST":
            return make_response(status, b"", headers)
        return make_response(status, None, headers)

    # ------------------------------------------------------------------ RPC

    async def _rpc(self, ctx: ReqCtx, name: str) -> Response:
        method = ctx.method
        if method in ("PATCH", "PUT", "DELETE"):
            raise ApiError(405, "PGRST101", f"Cannot use the {method} method on RPC")
        if method not in ("GET", "HEAD", "POST", "OPTIONS"):
            raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {method}")
        qs = ctx.request.scope["query_string"].decode("latin-1")
        is_get = method in ("GET", "HEAD", "OPTIONS")
        qp = _parse(ctx, name, qs, is_get)
        args: dict[str, Any] = {}
        json_post = False
        raw_body: str | None = None
        if method == "POST":
            raw = await self._read_body(ctx.request)
            ctype = ctx.request.headers.get("content-type") or "application/json"
            ctype = ctype.split(";")[0].strip().lower()
            if ctype in ("application/json", "*/*", ""):
                json_post = True
                if raw.strip():
                    try:
                        parsed = orjson.loads(raw)
                    except orjson.JSONDecodeError as exc:
                        raise invalid_body("Empty or invalid json") from exc
                else:
                    parsed = {}
                raw_body = raw.decode("utf-8") if raw.strip() else "{}"
                if isinstance(parsed, dict):
                    args = parsed
                else:
                    args = {}
                    if not isinstance(parsed, list):
                        raise invalid_body("Empty or invalid json")
            elif ctype == "application/x-www-form-urlencoded":
                for k, v in split_query(raw.decode("utf-8", errors="replace")):
                    args[k] = v
            else:
                raise invalid_body(f"Content-Type not acceptable: {ctype}")
        fn, use_raw = resolve_function(
            ctx.cache, ctx.schema, name, args, qp.rpc_args, is_get, json_post
        )
        if method == "OPTIONS":
            allow = "OPTIONS,POST" if fn.volatility == "v" else "OPTIONS,GET,HEAD,POST"
            return make_response(200, b"", [("Allow", allow)])
        if is_get:
            params = {p.name: p for p in fn.params}
            call_args: dict[str, Any] = {}
            for k, vals in qp.rpc_args.items():
                p = params.get(k)
                call_args[k] = vals if (p is not None and p.variadic) else vals[-1]
        else:
            call_args = args
        limit, offset = self._range(ctx, qp)
        kind = _accept(ctx.request, READ_TYPES)
        ctx.prefs.check_strict()
        max_aff = ctx.prefs.max_affected if ctx.prefs.strict else None
        if max_aff is not None and not fn.returns_set:
            raise ApiError(
                400,
                "PGRST128",
                "Function must return SETOF or TABLE when max-affected preference is used "
                "with handling=strict",
            )
        mode = ctx.prefs.get("count")
        count = mode is not None
        body = "none" if method == "HEAD" else kind
        sql = build_rpc(
            fn,
            None if use_raw else call_args,
            raw_body if use_raw else None,
            qp.select,
            qp.filters,
            qp.order,
            limit,
            offset,
            body,
            self._needs_exact(mode),
        )
        explain = None
        if self._needs_plan(mode):
            explain = explain_count_rpc(
                fn, None if use_raw else call_args, raw_body if use_raw else None, qp.filters
            )
        read_only = is_get or fn.volatility != "v"

        def check(result: Result) -> None:
            if kind.startswith("single"):
                self._singular_check(result)
            if max_aff is not None and result.page_total > max_aff:
                raise ApiError(
                    400,
                    "PGRST124",
                    "Query result exceeds max-affected preference constraint",
                    f"The query affects {result.page_total} rows",
                )

        needs_check = kind.startswith("single") or max_aff is not None
        result = await self._execute(
            ctx,
            sql,
            read_only=read_only,
            post_check=check if needs_check else None,
            explain=explain,
        )
        self._apply_count_mode(mode, result)
        headers = self._profile_headers(ctx) + self._applied(
            ctx, {"count", "tx", "handling", "timezone", "max-affected"}
        )
        if fn.return_kind == "void":
            status = self._guc_overrides(result, 204, headers)
            return make_response(status, None, headers)
        csv_header = None
        if kind == "csv":
            cols = fn.return_columns or {"pgrst_scalar": None}  # type: ignore[dict-item]
            csv_header = ",".join(output_names(Target(fn.name, "", cols), qp.select))  # type: ignore[arg-type]
        if not fn.returns_set and fn.return_kind == "scalar" and kind == "json":
            return self._scalar_response(ctx, result, headers)
        return self._read_response(ctx, result, kind, offset, count, headers, csv_header)

    def _scalar_response(self, ctx: ReqCtx, result: Result, headers: list[Header]) -> Response:
        status = self._guc_overrides(result, 200, headers)
        return make_response(
            status, result.body.encode(), headers, content_type=CT_JSON, head=ctx.method == "HEAD"
        )


def _parse(ctx: ReqCtx, name: str, qs: str, rpc_get: bool) -> QueryParams:
    try:
        return parse_query(qs, rpc_get=rpc_get)
    except ApiError as err:
        if err.code == "PGRST200":
            err.message = err.message.replace("{table}", name)
            err.details = str(err.details).replace("{table}", name).replace("{schema}", ctx.schema)
        raise


def _field(name: str) -> Field:
    return Field(name)


def _parse_csv(raw: bytes) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(raw.decode("utf-8", errors="replace")))
    rows = list(reader)
    if not rows:
        raise invalid_body("Empty or invalid json")
    header = rows[0]
    out: list[dict[str, Any]] = []
    for r in rows[1:]:
        if len(r) != len(header):
            raise invalid_body("All lines must have same number of fields")
        out.append({h: (None if v == "NULL" else v) for h, v in zip(header, r, strict=True)})
    return out


_RANGE_RE = re.compile(r"^(\d+)-(\d*)$")


def create_app(config: Config) -> Starlette:
    return PgrstApp(config).starlette


__all__ = ["PgrstApp", "create_app"]
