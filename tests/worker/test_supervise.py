"""worker/supervise.py without a database: the waits, and the supervisor's loop around a
stand-in App (runs that fail, a stop while waiting, a stop while running)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from procrastinate import exceptions

from worker import supervise
from worker.supervise import Backoff, Supervisor, describe


def test_backoff_doubles_up_to_its_cap_and_starts_over() -> None:
    b = Backoff(0.5, 4)
    assert [b.next_delay() for _ in range(6)] == [0.5, 1, 2, 4, 4, 4]
    assert b.attempt == 6
    b.reset()
    assert b.next_delay() == 0.5


def test_describe_names_the_root_cause() -> None:
    try:
        try:
            raise OSError("connection refused\n  is the server running?")
        except OSError as exc:
            raise exceptions.ConnectorException from exc
    except exceptions.ConnectorException as wrapped:
        assert describe(wrapped) == "OSError: connection refused is the server running?"
    assert describe(TimeoutError()) == "TimeoutError"


class FakeApp:
    """open_async and run_worker_async as procrastinate's App has them; each run does what
    the script says: "fail" raises, "stop" returns (the worker stopped by itself), "run"
    waits until cancelled (then, like procrastinate, finishes and re-raises)."""

    def __init__(self, script: list[str]) -> None:
        self.script = script
        self.runs: list[dict[str, Any]] = []
        self.opened = 0
        self.closed = 0
        self.running = asyncio.Event()
        self.ran = asyncio.Event()
        self.finished_gracefully = False

    @contextlib.asynccontextmanager
    async def open_async(self) -> AsyncIterator[FakeApp]:
        self.opened += 1
        try:
            yield self
        finally:
            self.closed += 1

    async def run_worker_async(self, **options: Any) -> None:
        self.runs.append(options)
        self.ran.set()
        step = self.script.pop(0) if self.script else "run"
        if step == "fail":
            raise exceptions.ConnectorException from OSError("server closed the connection")
        if step == "stop":
            return
        self.running.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            await asyncio.sleep(0.05)  # the running jobs finish
            self.finished_gracefully = True
            raise


@pytest.fixture
def no_probe(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    probed: list[str] = []

    async def probe(url: str, connect_timeout: int = 5) -> None:
        probed.append(url)

    monkeypatch.setattr(supervise, "probe", probe)
    return probed


def events(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [dict(vars(r)) for r in caplog.records if r.name == "worker" and hasattr(r, "event")]


async def test_runs_again_after_failures_then_stops_gracefully(
    no_probe: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="worker")
    app = FakeApp(["fail", "stop", "run"])
    sup = Supervisor(
        app,  # type: ignore[arg-type]
        {"queues": None, "concurrency": 2},
        database_url="postgresql://db/x",
        backoff=Backoff(0.01, 0.04),
    )
    task = asyncio.create_task(sup.run())
    await asyncio.wait_for(app.running.wait(), 5)
    sup.stop()
    await asyncio.wait_for(task, 5)
    assert app.finished_gracefully  # the run was cancelled, its jobs finished
    assert len(app.runs) == 3 and app.opened == app.closed == 3
    assert all(r["install_signal_handlers"] is False and r["concurrency"] == 2 for r in app.runs)
    assert no_probe == ["postgresql://db/x"] * 3
    got = [(e["event"], e.get("attempt"), e.get("delay_seconds")) for e in events(caplog)]
    assert got == [
        ("worker_starting", None, None),
        ("worker_reconnecting", 1, 0.01),
        ("worker_reconnected", None, None),
        ("worker_reconnecting", 2, 0.02),
        ("worker_reconnected", None, None),
        ("worker_stopped", None, None),
    ]
    first = events(caplog)[1]
    assert first["error"] == "OSError: server closed the connection"


async def test_a_stop_while_waiting_ends_at_once(
    no_probe: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    app = FakeApp(["fail"])
    sup = Supervisor(
        app,  # type: ignore[arg-type]
        {"queues": ["refunds"]},
        database_url="postgresql://db/x",
        backoff=Backoff(60, 60),
    )
    task = asyncio.create_task(sup.run())
    await asyncio.wait_for(app.ran.wait(), 5)
    await asyncio.sleep(0.05)  # now in its 60-second wait
    sup.stop()
    await asyncio.wait_for(task, 2)
    assert len(app.runs) == 1


async def test_unreachable_database_is_retried_without_opening_the_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0

    async def probe(url: str, connect_timeout: int = 5) -> None:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise OSError("connection refused")

    monkeypatch.setattr(supervise, "probe", probe)
    app = FakeApp(["run"])
    sup = Supervisor(
        app,  # type: ignore[arg-type]
        {},
        database_url="postgresql://db/x",
        backoff=Backoff(0.01, 0.01),
    )
    task = asyncio.create_task(sup.run())
    await asyncio.wait_for(app.running.wait(), 5)
    assert calls == 3 and app.opened == 1
    sup.stop()
    await asyncio.wait_for(task, 5)
