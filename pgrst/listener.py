"""Schema cache holder: loads the cache, and reloads it on NOTIFY on a dedicated connection."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import psycopg

from pgrst.config import Config
from pgrst.errors import ApiError
from pgrst.schema_cache import SchemaCache, load_schema_cache

log = logging.getLogger("pgrst")


class SchemaCacheHolder:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.cache: SchemaCache | None = None
        self._loaded = asyncio.Event()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self.reloads = 0

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="pgrst-listener")
        # Wait a little for the first load so early requests rarely see 503.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._loaded.wait()), timeout=10)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def get(self) -> SchemaCache:
        if self._lock.locked():
            async with self._lock:
                pass
        if self.cache is None:
            raise ApiError(
                503, "PGRST002", "Could not query the database for the schema cache. Retrying."
            )
        return self.cache

    async def reload(self, conn: psycopg.AsyncConnection) -> None:
        async with self._lock:
            self.cache = await load_schema_cache(
                conn, self.config.db_schemas, self.config.db_extra_search_path
            )
            self.reloads += 1
            self._loaded.set()
            log.info(
                "schema cache loaded",
                extra={
                    "tables": len(self.cache.tables),
                    "functions": sum(len(v) for v in self.cache.functions.values()),
                },
            )

    async def _run(self) -> None:
        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.config.db_uri,
                    autocommit=True,
                    prepare_threshold=2 if self.config.db_prepared_statements else None,
                ) as conn:
                    if self.config.db_channel_enabled:
                        chan = '"' + self.config.db_channel.replace('"', '""') + '"'
                        await conn.execute(f"LISTEN {chan}")
                    await self.reload(conn)
                    delay = 0.5
                    if not self.config.db_channel_enabled:
                        await asyncio.Event().wait()
                    while True:
                        # notifies() holds the connection: leave it before reloading.
                        wanted = False
                        async for note in conn.notifies(stop_after=1):
                            wanted = note.payload in ("reload schema", "", "reload config")
                        if wanted:
                            await self.reload(conn)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep retrying like PostgREST
                log.error("schema cache connection failed", extra={"error": str(exc)})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30)
