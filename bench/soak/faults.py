"""The soak's faults, on a schedule, each logged with its start and end (wall clock).

pg_fast / pg_immediate: PostgreSQL stopped (`pg_ctl stop -m fast`, `-m immediate`: no
checkpoint, crash recovery at the start) and started again 5 s later. webhook_kill /
worker_kill: SIGKILL, then the same command started again 2 s later. refund_worker_kill:
of the two workers, the one running a refund job is killed (SIGKILL) while the local
Stripe has made the refund and its answer is held back (ApiGate.hold), then started
again 2 s later; the other worker runs on, and the job is found stalled and run again
(the same idempotency key: one refund at Stripe). pgrst_restart: the gateway stopped and
started on its port. stripe_down: the local Stripe's API unreachable for 30 s (the gate
refuses connections and cuts the open ones).

A fault's window runs from its start to the moment the part is back (the database
accepts connections, the service answers); requests that fail inside a window (plus a
grace) are allowed, failures outside it are counted against the run.

The monitor notices a service that died on its own (not inside its own kill): that is
reported, and the soak never starts it again: a scheduled kill of a service that is
already dead kills nothing and starts nothing (its detail says so), so a service that
does not survive a fault stays down and the audit shows what that costs.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench.soak.stack import SoakStack

ALL = (
    "pg_fast", "webhook_kill", "pg_immediate", "worker_kill", "refund_worker_kill",
    "pgrst_restart", "stripe_down",
)  # fmt: skip
STRIPE_DOWN_SECONDS = 30.0
PG_DOWN_SECONDS = 5.0
SLOW_STOP_SECONDS = 10.0  # a PostgreSQL stop slower than this: who is still connected
REFUND_WAIT_SECONDS = 60.0  # refund_worker_kill: the wait for a refund job to be running
REFUND_JOBS_SQL = """
select j.id, j.task_name, j.args from procrastinate.procrastinate_jobs j
 where j.status = 'doing' and j.task_name like '%%refund%%'
   and exists (select from procrastinate.procrastinate_events e
                where e.job_id = j.id and e.type = 'started'
                  and e.at < now() - interval '300 milliseconds')
 order by j.id
"""


@dataclass
class Fault:
    name: str
    start: float
    end: float = 0.0
    detail: str = ""
    happened: bool = True  # False: the part was not there to fault (already dead, no job)
    refund_job: tuple[str, dict[str, Any]] | None = None  # refund_worker_kill: task, args


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
    loads: list[float] = field(default_factory=list)  # the 1-minute load average, each second

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
        fault.detail = await getattr(self, name)(fault)
        fault.end = time.time()
        return fault

    async def _pg(self, mode: str) -> str:
        cluster = self.soak.cluster
        began = time.monotonic()
        stopping = asyncio.ensure_future(asyncio.to_thread(cluster.stop, mode))
        # A stop that takes long waits on some connection: who holds one then (ss).
        held = ""
        await asyncio.wait({stopping}, timeout=SLOW_STOP_SECONDS)
        if not stopping.done():
            first = await asyncio.to_thread(self._pg_connections)
            await asyncio.wait({stopping}, timeout=5)
            if not stopping.done():  # the same connections 5 s apart: the ones it waits on
                second = await asyncio.to_thread(self._pg_connections)
                served = await asyncio.to_thread(self._pg_served)
                lasting = {key: who for key, who in second.items() if key in first}
                held = self._by_service(list(lasting.values()))
                # A connection a PostgreSQL process has accepted (the others wait in the
                # listen queue of a postmaster that no longer accepts).
                accepted = [who for key, who in lasting.items() if key in served]
                held += f"; accepted by a PostgreSQL process: {self._by_service(accepted)}"
        await stopping
        took = time.monotonic() - began
        await asyncio.sleep(PG_DOWN_SECONDS)
        await asyncio.to_thread(cluster.start)
        back = await _wait_until(lambda: _answers(f"{self.soak.stack.webhook}/health"), 60)
        slow = (
            f" (connected from {SLOW_STOP_SECONDS:g} s to {SLOW_STOP_SECONDS + 5:g} s: {held})"
            if held
            else ""
        )
        return (
            f"pg_ctl stop -m {mode} took {took:.1f} s{slow}, started {PG_DOWN_SECONDS:g} s later"
            + ("" if back else "; the webhook service's /health not 200 within 60 s after")
        )

    def _pg_connections(self) -> dict[str, str]:
        """Established TCP connections to the cluster's port: the client's address and
        port -> its process, by service name where it is one of the stack's."""
        port = self.soak.cluster.port
        out = subprocess.run(
            ["ss", "-Htnp", "state", "established", f"( dport = :{port} )"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        names = {proc.pid: name for name, proc in self.soak.stack.procs.items()}
        if self.soak.stack.pgrst_process is not None:
            names[self.soak.stack.pgrst_process.proc.pid] = "pgrst"
        names[os.getpid()] = "the soak itself"
        found: dict[str, str] = {}
        for line in out.splitlines():
            fields = line.split()
            pids = [int(m) for m in re.findall(r"pid=(\d+)", line)] or [0]
            who = names.get(pids[0], f"pid {pids[0]}" if pids[0] else "unknown")
            found[fields[2] if len(fields) > 2 else line] = who
        return found

    def _pg_served(self) -> set[str]:
        """The client addresses of the established connections a PostgreSQL process
        holds (server side, with an owner)."""
        port = self.soak.cluster.port
        out = subprocess.run(
            ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return {f[3] for f in (line.split() for line in out.splitlines()) if len(f) > 4}

    @staticmethod
    def _by_service(whos: list[str]) -> str:
        counts: dict[str, int] = {}
        for who in whos:
            counts[who] = counts.get(who, 0) + 1
        return ", ".join(f"{who} x{n}" for who, n in sorted(counts.items())) or "nobody"

    async def pg_fast(self, fault: Fault) -> str:
        return await self._pg("fast")

    async def pg_immediate(self, fault: Fault) -> str:
        return await self._pg("immediate")

    def _already_dead(self, name: str, fault: Fault) -> str | None:
        proc = self.soak.stack.procs[name]
        if proc.poll() is None:
            return None
        fault.happened = False
        return (
            f"{name} already dead (rc {proc.returncode}): not killed, not started again"
            " (it died on its own: see below)"
        )

    async def _kill(self, name: str, ready: Callable[[], bool], fault: Fault) -> str:
        dead = self._already_dead(name, fault)
        if dead:
            return dead
        stack = self.soak.stack
        self.log.killing.add(name)
        try:
            proc = stack.procs[name]
            os.kill(proc.pid, signal.SIGKILL)
            await asyncio.to_thread(proc.wait)
            await asyncio.sleep(2)
            stack.restart(name)
            back = await _wait_until(ready, 30)
        finally:
            self.log.killing.discard(name)
        return "SIGKILL, started again 2 s later" + ("" if back else "; not ready")

    def _worker_alive_after_3s(self, name: str) -> Callable[[], bool]:
        def check() -> bool:  # the worker has no port; a bad start exits at once
            time.sleep(3)
            return self.soak.stack.procs[name].poll() is None

        return check

    async def webhook_kill(self, fault: Fault) -> str:
        url = f"{self.soak.stack.webhook}/health"
        return await self._kill("webhook", lambda: _answers(url), fault)

    async def worker_kill(self, fault: Fault) -> str:
        return await self._kill("worker", self._worker_alive_after_3s("worker"), fault)

    def _running_refund(self) -> tuple[str, int, str, dict[str, Any]] | None:
        """A refund job a worker has been running for a moment: (service, job id, task,
        args); the service found by its log's start_job line of the job."""
        try:
            with psycopg.connect(self.soak.db_url, autocommit=True, connect_timeout=3) as conn:
                rows = conn.execute(REFUND_JOBS_SQL).fetchall()
        except psycopg.Error:
            return None
        workers = [n for n in self.soak.stack.procs if n.startswith("worker")]
        for job_id, task, args in rows:
            for name in workers:
                if self.soak.stack.procs[name].poll() is not None:
                    continue
                for line in _tail(self.soak.stack.logs_dir / f"{name}.log"):
                    if '"action":"start_job"' in line and f'"job_id":{job_id},' in line:
                        return name, int(job_id), str(task), dict(args or {})
        return None

    async def refund_worker_kill(self, fault: Fault) -> str:
        soak = self.soak
        workers = [n for n in soak.stack.procs if n.startswith("worker")]
        alive = [n for n in workers if soak.stack.procs[n].poll() is None]
        if len(workers) < 2 or len(alive) < 2:
            fault.happened = False
            return (
                f"needs two running workers, {len(alive)} of {len(workers)} running: nothing killed"
            )
        await asyncio.to_thread(soak.proxies.call, soak.gate.hold())
        found = None
        try:
            deadline = time.monotonic() + REFUND_WAIT_SECONDS
            while found is None and time.monotonic() < deadline:
                found = await asyncio.to_thread(self._running_refund)
                if found is None:
                    await asyncio.sleep(0.2)
            if found is not None:
                name = found[0]
                self.log.killing.add(name)
                proc = soak.stack.procs[name]
                os.kill(proc.pid, signal.SIGKILL)
                await asyncio.to_thread(proc.wait)
        finally:
            await asyncio.to_thread(soak.proxies.call, soak.gate.release())
        if found is None:
            fault.happened = False
            return f"no refund job running within {REFUND_WAIT_SECONDS:g} s: nothing killed"
        name, job_id, task, args = found
        fault.refund_job = (task, args)
        try:
            await asyncio.sleep(2)
            soak.stack.restart(name)
            back = await _wait_until(self._worker_alive_after_3s(name), 30)
        finally:
            self.log.killing.discard(name)
        other = next(n for n in alive if n != name)
        return (
            f"{name} SIGKILLed running {task}[{job_id}]({_args(args)}) with Stripe's answer "
            f"held; {other} ran on; {name} started again 2 s later"
            + ("" if back else "; not ready")
        )

    async def pgrst_restart(self, fault: Fault) -> str:
        gateway = self.soak.stack.pgrst_process
        assert gateway is not None
        if gateway.proc.poll() is not None:
            fault.happened = False
            return (
                f"pgrst already dead (rc {gateway.proc.returncode}): not started again"
                " (it died on its own: see below)"
            )
        self.log.killing.add("pgrst")
        try:
            await asyncio.to_thread(gateway.restart)
        finally:
            self.log.killing.discard("pgrst")
        return "SIGTERM, started again on its port"

    async def stripe_down(self, fault: Fault) -> str:
        soak = self.soak
        await asyncio.to_thread(soak.proxies.call, soak.gate.close())
        await asyncio.sleep(STRIPE_DOWN_SECONDS)
        await asyncio.to_thread(soak.proxies.call, soak.gate.start())
        return f"API refused for {STRIPE_DOWN_SECONDS:g} s ({soak.gate.refusals} connections cut)"


def _tail(path: Path, size: int = 512 * 1024) -> list[str]:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - size))
            return f.read().decode(errors="replace").splitlines()
    except OSError:
        return []


def _args(args: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in args.items())


async def monitor(soak: SoakStack, log: FaultLog, stop: asyncio.Event) -> None:
    """Record every service that dies outside its own kill (each death once)."""
    seen: set[int] = set()
    while not stop.is_set():
        log.loads.append(os.getloadavg()[0])
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
