"""The ASGI application: life cycle, the request's context (auth, schema cache, profile,
Prefer) and routing to the endpoints: `/` (pgrst.endpoint_root), `/<table>`
(pgrst.endpoint_table), `/rpc/<fn>` (pgrst.endpoint_rpc)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import unquote_to_bytes

from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pgrst import cors
from pgrst.auth import Authenticator
from pgrst.config import Config
from pgrst.context import ReqCtx
from pgrst.endpoint_root import handle_root
from pgrst.endpoint_rpc import handle_rpc
from pgrst.endpoint_table import ALL_METHODS, handle_table
from pgrst.errors import ApiError
from pgrst.listener import SchemaCacheHolder
from pgrst.prefer import parse_prefer
from pgrst.reply import guc_overrides
from pgrst.responses import error_response
from pgrst.transaction import Transactions

log = logging.getLogger("pgrst")


def path_segments(raw: bytes) -> list[str]:
    """The path as WAI gives it to PostgREST (`pathInfo`, http-types' decodePathSegments):
    split on `/` first, each segment percent-decoded once (UTF-8, invalid bytes replaced), a
    trailing slash kept as an empty last segment. PostgREST's getResource (ApiRequest.hs) then
    reads [] as `/`, [name] as a table, ["rpc", fn] as a function, anything else as 404
    PGRST125: `/rpc/login/` is not `/rpc/login`, and `%256C` stays the text `%6C`."""
    if raw in (b"", b"/"):
        return []
    body = raw[1:] if raw.startswith(b"/") else raw
    return [unquote_to_bytes(seg).decode("utf-8", "replace") for seg in body.split(b"/")]


class PgrstApp:
    # kept here for callers of the former single-class app
    _guc_overrides = staticmethod(guc_overrides)

    def __init__(self, config: Config) -> None:
        self.config = config
        self.auth = Authenticator(config)
        self.tx = Transactions(config)
        self.holder = SchemaCacheHolder(config)
        self.starlette = Starlette(
            routes=[Route("/{path:path}", self.handle, methods=ALL_METHODS)],
            lifespan=self.lifespan,
        )

    @property
    def pool(self) -> AsyncConnectionPool | None:
        return self.tx.pool

    @asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    async def start(self) -> None:
        self.tx.pool = AsyncConnectionPool(
            self.config.db_uri,
            min_size=self.config.db_pool,
            max_size=self.config.db_pool,
            kwargs={
                "autocommit": True,
                # None: psycopg never prepares (db-prepared-statements=false).
                "prepare_threshold": 2 if self.config.db_prepared_statements else None,
            },
            open=False,
            name="pgrst",
        )
        await self.tx.pool.open(wait=False)
        await self.holder.start()

    async def stop(self) -> None:
        await self.holder.stop()
        if self.tx.pool is not None:
            await self.tx.pool.close()

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
        segments = path_segments(raw_path.split(b"?", 1)[0] if raw_path else path.encode())
        if len(segments) > 2 or (len(segments) == 2 and segments[0] != "rpc"):
            raise ApiError(404, "PGRST125", "Invalid path specified in request URL")
        schema, profile_sent = self._schema(request, method)
        prefs = parse_prefer(request.headers.getlist("prefer"), cache.timezones)
        ctx = ReqCtx(
            request, method, gucpath, auth, schema, profile_sent, prefs, cache, self.config
        )
        if not segments:
            return await handle_root(ctx, self.tx)
        if len(segments) == 2:
            return await handle_rpc(ctx, self.tx, segments[1])
        return await handle_table(ctx, self.tx, segments[0])

    def _schema(self, request: Request, method: str) -> tuple[str, bool]:
        """The request's schema from Accept-Profile (GET/HEAD/OPTIONS) or Content-Profile."""
        key = "accept-profile" if method in ("GET", "HEAD", "OPTIONS") else "content-profile"
        profile = request.headers.get(key)
        schemas = self.config.db_schemas
        if profile is None:
            return schemas[0], False
        if profile not in schemas:
            raise ApiError(
                406,
                "PGRST106",
                f"Invalid schema: {profile}",
                None,
                "Only the following schemas are exposed: " + ", ".join(schemas),
            )
        return profile, True


def create_app(config: Config) -> Starlette:
    return PgrstApp(config).starlette


__all__ = ["PgrstApp", "create_app"]
