"""Keep the worker working through database outages (docs/worker.md, "When PostgreSQL
restarts").

procrastinate's worker has no reconnect of its own: when PostgreSQL goes away its
listener, heartbeat or fetch fails, the worker stops (gracefully, after its running jobs)
and `run_worker_async` returns or raises. `Supervisor.run` runs it again, each time on a
freshly opened pool, after a capped exponential wait (`Backoff`), until `stop()` is
called (SIGTERM/SIGINT in `courtbook-worker`). Each wait is one `worker_reconnecting`
line (attempt, delay, error); the first run after a failure logs `worker_reconnected`
(`worker_starting` when it is the process's first run, with the failed attempts before).
Before it opens the pool, an attempt connects once (`probe`): while PostgreSQL is down,
an attempt fails at once instead of inside the pool's own 30-second open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any

import psycopg
from procrastinate import App

from worker.logging import log_event

logger = logging.getLogger("worker")


@dataclass
class Backoff:
    """Waits of `initial`, 2×, 4× … seconds, never more than `cap`."""

    initial: float
    cap: float
    attempt: int = 0

    def next_delay(self) -> float:
        self.attempt += 1
        return float(min(self.cap, self.initial * 2 ** (self.attempt - 1)))

    def reset(self) -> None:
        self.attempt = 0


async def probe(database_url: str, connect_timeout: int = 5) -> None:
    """One connection and `select 1`; raises while PostgreSQL cannot serve it."""
    conn = await psycopg.AsyncConnection.connect(
        database_url,
        autocommit=True,
        connect_timeout=connect_timeout,
        application_name="courtbook-worker-probe",
    )
    async with conn:
        await conn.execute("select 1")


def describe(exc: BaseException) -> str:
    """`Type: message` of the error's root cause (procrastinate wraps psycopg's errors in a
    ConnectorException whose own message says only "Database error.")."""
    root = exc.__cause__ or exc
    text = " ".join(str(root).split())
    return f"{type(root).__name__}: {text}" if text else type(root).__name__


class Supervisor:
    def __init__(
        self,
        app: App,
        worker_options: dict[str, Any],
        *,
        database_url: str,
        backoff: Backoff,
    ) -> None:
        self.app = app
        self.options = {**worker_options, "install_signal_handlers": False}
        self.database_url = database_url
        self.backoff = backoff
        self._stopping = asyncio.Event()
        self._attempt: asyncio.Task[None] | None = None
        self._connected_at: float | None = None  # when the current run began
        self._down_since: float | None = None  # the first failure of the current outage
        self.runs = 0  # runs of the procrastinate worker so far

    def stop(self) -> None:
        """Graceful: the running worker finishes its jobs (cancelling `run_worker_async`
        is procrastinate's own way to stop it), no new attempt starts."""
        self._stopping.set()
        if self._attempt is not None and not self._attempt.done():
            self._attempt.cancel()

    async def _run_once(self) -> None:
        await probe(self.database_url)
        async with self.app.open_async():
            now = time.monotonic()
            if self.runs == 0:
                log_event(
                    logger,
                    logging.INFO,
                    "worker_starting",
                    queues=self.queues,
                    attempts=self.backoff.attempt,  # failed ones before: PostgreSQL was down
                )
            else:
                log_event(
                    logger,
                    logging.INFO,
                    "worker_reconnected",
                    attempts=self.backoff.attempt,
                    down_seconds=round(now - (self._down_since or now), 1),
                )
            self._connected_at = now
            self._down_since = None
            self.runs += 1
            await self.app.run_worker_async(**self.options)

    @property
    def queues(self) -> object:
        return self.options.get("queues") or "all"

    async def run(self) -> None:
        """Until `stop()`: run the worker, and after every end that was not asked for,
        wait and run it again."""
        while not self._stopping.is_set():
            self._connected_at = None
            self._attempt = asyncio.create_task(self._run_once(), name="courtbook worker run")
            try:
                await self._attempt
                error = "the worker stopped by itself (procrastinate's side_task_failed above)"
            except asyncio.CancelledError:
                if self._stopping.is_set():
                    break
                raise
            except Exception as exc:  # anything: the next attempt is the remedy
                error = describe(exc)
            if self._stopping.is_set():
                break
            now = time.monotonic()
            if self._down_since is None:
                self._down_since = now
            # A run that lasted as long as the longest wait starts the waits over.
            if self._connected_at is not None and now - self._connected_at >= self.backoff.cap:
                self.backoff.reset()
            delay = self.backoff.next_delay()
            log_event(
                logger,
                logging.WARNING,
                "worker_reconnecting",
                attempt=self.backoff.attempt,
                delay_seconds=delay,
                error=error,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
        log_event(logger, logging.INFO, "worker_stopped", runs=self.runs)
