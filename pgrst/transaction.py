"""The request's transaction: its transaction-local settings (in PostgREST's order), the
pre-request function, the main statement, and the mapping of database failures to errors."""

from __future__ import annotations

from collections.abc import Callable

import orjson
import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from pgrst.config import Config
from pgrst.context import ReqCtx
from pgrst.db import Result, run_transaction
from pgrst.errors import ApiError, from_pg_error
from pgrst.sql_builder import Sql, qi


class Transactions:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.pool: AsyncConnectionPool | None = None
        self._search_paths: dict[str, str] = {}

    def search_path(self, schema: str) -> str:
        val = self._search_paths.get(schema)
        if val is None:
            val = ", ".join(
                '"' + s.replace('"', '""') + '"'
                for s in [schema, *self.config.db_extra_search_path]
            )
            self._search_paths[schema] = val
        return val

    def settings(self, ctx: ReqCtx, read_only: bool) -> str:
        """The transaction-local settings as one JSON object (order = PostgREST's order)."""
        settings: dict[str, str] = {}
        if read_only:
            settings["transaction_read_only"] = "on"
        settings["search_path"] = self.search_path(ctx.schema)
        for k, v in ctx.cache.role_settings.get(ctx.auth.role, ()):
            settings[k] = v
        headers: dict[str, str] = {}
        cookie_header = None
        for k, v in ctx.request.scope["headers"]:
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

    async def execute(
        self,
        ctx: ReqCtx,
        sql: Sql,
        *,
        read_only: bool,
        post_check: Callable[[Result], None] | None = None,
        explain: Sql | None = None,
    ) -> Result:
        if self.pool is None:
            raise ApiError(503, "PGRST000", "Database connection error. Retrying the connection.")
        pre = None
        if self.config.db_pre_request:
            pre = f"SELECT {qi(*self.config.db_pre_request)}()"
        try:
            async with self.pool.connection(
                timeout=self.config.db_pool_acquisition_timeout
            ) as conn:
                return await run_transaction(
                    conn,
                    settings_json=self.settings(ctx, read_only),
                    pre_request_sql=pre,
                    main_sql=sql.parts[0],
                    main_params=sql.params,
                    rollback=ctx.tx_rollback(),
                    post_check=post_check,
                    explain=(explain.parts[0], explain.params) if explain else None,
                    prepare=self.config.db_prepared_statements,
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
