"""The soak's faults, on a schedule, each logged with its start and end (wall clock).

pg_fast / pg_immediate: PostgreSQL stopped (`pg_ctl stop -m fast`, `-m immediate`: no
checkpoint, crash recovery at the start) and started again 5 s later. webhook_kill /
worker_kill: SIGKILL, then the same command started again 2 s later. pgrst_restart: the
gateway stopped and started on its port. stripe_down: the local Stripe's API unreachable
for 30 s (the gate refuses connections and cuts the open ones).

A fault's window runs from its start to the moment the part is back (the database
accepts connections, the service answers); requests that fail inside a window (plus a
grace) are allowed, failures outside it are counted against the run.

The monitor notices a service that died on its own (not inside its own kill): that is
reported, and the soak does not start it again (a scheduled kill of it does).
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from bench.soak.stack import SoakStack

ALL = ("pg_fast", "webhook_kill", "pg_immediate", "worker_kill", "pgrst_restart", "stripe_down")
STRIPE_DOWN_SECONDS = 30.0
PG_DOWN_SECONDS = 5.0


@dataclass
class Fault:
    name: str
    start: float
    end: float = 0.0
    detail: str = ""


@dataclass
class Death:
    service: str
    at: float
    returncode: int | None


@dataclass
class FaultLog:
    faults: list[Fault] = field(default_factory=list)
    deaths: list[Death] = field(default_factory=list)
    killing: set[str] = field(default_factory=set)  # services inside their own kill

    def windows(self, grace: float) -> list[tuple[float, float]]:
        return [(f.start, (f.end or time.time()) + grace) for f in self.faults]


def schedule(names: list[str], load_seconds: float) -> list[tuple[float, str]]:
    """Each fault at an even share of the load's time: (offset in seconds, name)."""
    n = len(names)
    return [(load_seconds * (i + 1) / (n + 1), name) for i, name in enumerate(names)]


async def _wait_until(check: Callable[[], bool], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await asyncio.to_thread(check):
            return True
        await asyncio.sleep(0.2)
    return False


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Faults:
    def __init__(self, soak: SoakStack, log: FaultLog) -> None:
        self.soak = soak
        self.log = log

    async def run(self, name: str) -> Fault:
        fault = Fault(name, time.time())
        self.log.faults.append(fault)
        fault.detail = await getattr(self, name)()
        fault.end = time.time()
        return fault

    async def _pg(self, mode: str) -> str:
        cluster = self.soak.cluster
        await asyncio.to_thread(cluster.stop, mode)
        await asyncio.sleep(PG_DOWN_SECONDS)
        await asyncio.to_thread(cluster.start)
        back = await _wait_until(lambda: _answers(f"{self.soak.stack.webhook}/health"), 60)
        return f"pg_ctl stop -m {mode}, started {PG_DOWN_SECONDS:g} s later" + (
            "" if back else "; the webhook service's /health not 200 within 60 s after"
        )

    async def pg_fast(self) -> str:
        return await self._pg("fast")

    async def pg_immediate(self) -> str:
        return await self._pg("immediate")

    async def _kill(self, name: str, ready: Callable[[], bool]) -> str:
        stack = self.soak.stack
        self.log.killing.add(name)
        try:
            proc = stack.procs[name]
            was = "running" if proc.poll() is None else f"already dead (rc {proc.returncode})"
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            await asyncio.to_thread(proc.wait)
            await asyncio.sleep(2)
            stack.restart(name)
            back = await _wait_until(ready, 30)
        finally:
            self.log.killing.discard(name)
        return f"SIGKILL ({was}), started again 2 s later" + ("" if back else "; not ready")

    async def webhook_kill(self) -> str:
        url = f"{self.soak.stack.webhook}/health"
        return await self._kill("webhook", lambda: _answers(url))

    async def worker_kill(self) -> str:
        def alive_after_3s() -> bool:  # the worker has no port; a bad start exits at once
            time.sleep(3)
            return self.soak.stack.procs["worker"].poll() is None

        return await self._kill("worker", alive_after_3s)

    async def pgrst_restart(self) -> str:
        gateway = self.soak.stack.pgrst_process
        assert gateway is not None
        self.log.killing.add("pgrst")
        try:
            await asyncio.to_thread(gateway.restart)
        finally:
            self.log.killing.discard("pgrst")
        return "SIGTERM, started again on its port"

    async def stripe_down(self) -> str:
        soak = self.soak
        await asyncio.to_thread(soak.proxies.call, soak.gate.close())
        await asyncio.sleep(STRIPE_DOWN_SECONDS)
        await asyncio.to_thread(soak.proxies.call, soak.gate.start())
        return f"API refused for {STRIPE_DOWN_SECONDS:g} s ({soak.gate.refusals} connections cut)"


async def monitor(soak: SoakStack, log: FaultLog, stop: asyncio.Event) -> None:
    """Record every service that dies outside its own kill (each death once)."""
    seen: set[int] = set()
    while not stop.is_set():
        procs = dict(soak.stack.procs)
        if soak.stack.pgrst_process is not None:
            procs["pgrst"] = soak.stack.pgrst_process.proc
        for name, proc in procs.items():
            if name in log.killing or proc.pid in seen:
                continue
            if proc.poll() is not None:
                seen.add(proc.pid)
                log.deaths.append(Death(name, time.time(), proc.returncode))
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except TimeoutError:
            pass
