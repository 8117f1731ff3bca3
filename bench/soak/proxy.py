"""The soak's two proxies in the Stripe paths, on loopback, in a thread of their own.

`DeliveryProxy` stands where Stripe's webhook delivery stands: the local Stripe posts
each event to it (answered 200 at once) and it delivers the event to the webhook service
the way Stripe documents that an endpoint may see it: some late (1-8 s), some twice,
hence some out of order, and every failed attempt (a refused connection, a 5xx while the
database or the service is down) retried with a backoff until it is taken (Stripe retries
for three days; here a few seconds apart). Each attempt is signed afresh, as Stripe signs
each delivery, so a retried event is never refused for its age.

`ApiGate` is a TCP forwarder in front of the local Stripe's API: the webhook service, the
worker and the users' payment sheets reach Stripe through it; `close()` closes it (new
connections refused, open ones cut) until `start()`: the local Stripe unreachable without
losing its in-memory state. `hold()` lets requests through but keeps Stripe's answers
back until `release()`: a call Stripe has carried out whose caller has not heard of it yet
(the worker killed in the middle of a refund).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import random
import threading
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol

import aiohttp
from aiohttp import web


class Served(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


@dataclass
class DeliveryStats:
    received: int = 0  # events the local Stripe sent
    delivered: int = 0  # events the webhook service took (2xx), each counted once
    delayed: int = 0
    duplicated: int = 0  # second deliveries made (and taken)
    reordered: int = 0  # events taken after an event the local Stripe sent later
    failed_attempts: int = 0  # attempts refused or answered non-2xx (then retried)
    pending: int = 0  # events not taken yet


@dataclass
class _Event:
    seq: int
    body: bytes
    event_id: str
    delivered: bool = False


@dataclass
class DeliveryProxy:
    port: int
    secret: str
    seed: int = 0
    target: str = ""  # the webhook service's /stripe/webhook, set once it runs
    delay_share: float = 0.3
    duplicate_share: float = 0.15
    stats: DeliveryStats = field(default_factory=DeliveryStats)
    failures: list[tuple[float, int]] = field(default_factory=list)  # (when, status; 0: none)
    _rng: random.Random = field(init=False)
    _runner: web.AppRunner | None = None
    _session: aiohttp.ClientSession | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _seq: int = 0
    _max_taken_seq: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/", self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            event_id = str(json.loads(body).get("id", ""))
        except ValueError:
            event_id = ""
        self._seq += 1
        event = _Event(self._seq, body, event_id)
        self.stats.received += 1
        self.stats.pending += 1
        delay = 0.0
        if self._rng.random() < self.delay_share:
            delay = self._rng.uniform(1.0, 8.0)
            self.stats.delayed += 1
        self._spawn(self._deliver(event, delay, first=True))
        if self._rng.random() < self.duplicate_share:
            self._spawn(self._deliver(event, self._rng.uniform(0.0, 5.0), first=False))
        return web.json_response({"received": True})

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _signature(self, body: bytes) -> str:
        t = int(time.time())
        mac = hmac.new(self.secret.encode(), b"%d." % t + body, hashlib.sha256).hexdigest()
        return f"t={t},v1={mac}"

    async def _deliver(self, event: _Event, delay: float, *, first: bool) -> None:
        await asyncio.sleep(delay)
        backoff = 0.5
        assert self._session is not None
        while True:
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": self._signature(event.body),
            }
            try:
                async with self._session.post(self.target, data=event.body, headers=headers) as r:
                    status = r.status
            except (TimeoutError, aiohttp.ClientError):
                status = 0
            if 200 <= status < 300:
                break
            self.stats.failed_attempts += 1
            self.failures.append((time.time(), status))
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 8.0)
        if not first:
            self.stats.duplicated += 1
        if not event.delivered:
            event.delivered = True
            self.stats.delivered += 1
            self.stats.pending -= 1
            if event.seq < self._max_taken_seq:
                self.stats.reordered += 1
            self._max_taken_seq = max(self._max_taken_seq, event.seq)


@dataclass
class ApiGate:
    port: int
    upstream_port: int
    refusals: int = 0  # connections cut or refused while closed (cut ones counted here)
    _server: asyncio.base_events.Server | None = None
    _conns: set[asyncio.StreamWriter] = field(default_factory=set)
    _answers: asyncio.Event | None = None  # set: Stripe's answers flow; clear: held

    def _flowing(self) -> asyncio.Event:
        if self._answers is None:  # made in the proxies' loop, on first use
            self._answers = asyncio.Event()
            self._answers.set()
        return self._answers

    async def hold(self) -> None:
        """Keep every answer of the local Stripe back (requests still reach it)."""
        self._flowing().clear()

    async def release(self) -> None:
        self._flowing().set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._handle, "127.0.0.1", self.port, reuse_address=True
        )

    async def stop(self) -> None:
        await self.close()

    async def close(self) -> None:
        """Refuse: stop listening (connections refused) and cut the open ones."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._conns):
            self.refusals += 1
            writer.transport.abort()
        self._conns.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.transport.abort()
            return
        self._conns.update((writer, up_writer))
        await asyncio.gather(
            _pipe(reader, up_writer), _pipe(up_reader, writer, gate=self._flowing())
        )
        self._conns.difference_update((writer, up_writer))


async def _pipe(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, gate: asyncio.Event | None = None
) -> None:
    try:
        while data := await reader.read(65536):
            if gate is not None:
                await gate.wait()
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


class ProxyThread:
    """An event loop in a daemon thread serving the proxies; `call` runs a coroutine
    there from the main thread (the faults: `call(gate.close())`)."""

    def __init__(self, served: Sequence[Served]) -> None:
        self.served = list(served)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def call(self, coro: Coroutine[Any, Any, Any], timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def __enter__(self) -> ProxyThread:
        self._thread.start()
        for s in self.served:
            self.call(s.start())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for s in self.served:
            with contextlib.suppress(Exception):
                self.call(s.stop(), timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
