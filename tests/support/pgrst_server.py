"""Start `.venv/bin/pgrst` as a subprocess for tests.

from tests.support.pgrst_server import start_pgrst, pgrst_server

with pgrst_server(db_url, schemas="api", anon_role="anon", jwt_secret=SECRET) as base_url:
    httpx.get(base_url + "/venues")

# or, for a pytest fixture that yields: handle = start_pgrst(...); ...; handle.stop()
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PGRST_BIN = ROOT / ".venv" / "bin" / "pgrst"
DEFAULT_SECRET = os.environ.get("JWT_SECRET", "local-dev-secret-change-me-0123456789abcdef")


def _die_with_parent() -> None:
    """Linux: SIGTERM the server when the test process dies (no orphans after a kill -9)."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgrstProcess(str):
    """The base URL (a `str`), with `.proc`, `.log_path`, `.stop()` and `.logs()`."""

    proc: subprocess.Popen[bytes]
    log_path: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    def logs(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def start_pgrst(
    db_url: str,
    *,
    schemas: str = "api",
    anon_role: str | None = "anon",
    jwt_secret: str | None = DEFAULT_SECRET,
    pre_request: str | None = None,
    max_rows: int | None = None,
    pool: int = 4,
    extra_env: Mapping[str, str] | None = None,
    timeout: float = 20.0,
) -> PgrstProcess:
    """Launch pgrst on a free 127.0.0.1 port; return its base URL once it answers `GET /`.
    Call `.stop()` on the result (or use `pgrst_server`)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PGRST_")}
    env.update(
        PGRST_DB_URI=db_url,
        PGRST_DB_SCHEMAS=schemas,
        PGRST_SERVER_HOST="127.0.0.1",
        PGRST_SERVER_PORT=str(port),
        PGRST_DB_POOL=str(pool),
    )
    if anon_role:
        env["PGRST_DB_ANON_ROLE"] = anon_role
    if jwt_secret:
        env["PGRST_JWT_SECRET"] = jwt_secret
    if pre_request:
        env["PGRST_DB_PRE_REQUEST"] = pre_request
    if max_rows is not None:
        env["PGRST_DB_MAX_ROWS"] = str(max_rows)
    env.update(extra_env or {})
    log = tempfile.NamedTemporaryFile(prefix="pgrst-", suffix=".log", delete=False)
    cmd = [str(PGRST_BIN)] if PGRST_BIN.exists() else [sys.executable, "-m", "pgrst.main"]
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    handle = PgrstProcess(f"http://127.0.0.1:{port}")
    handle.proc = proc
    handle.log_path = Path(log.name)
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pgrst exited with {proc.returncode}:\n{handle.logs()}")
        try:
            r = httpx.get(handle + "/", timeout=2)
            if r.status_code < 500:
                return handle
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    handle.stop()
    raise RuntimeError(f"pgrst did not answer within {timeout}s:\n{handle.logs()}")


@contextlib.contextmanager
def pgrst_server(db_url: str, **kwargs: object) -> Iterator[str]:
    """Context manager around `start_pgrst`: yields the base URL, stops pgrst on exit."""
    handle = start_pgrst(db_url, **kwargs)  # type: ignore[arg-type]
    try:
        yield str(handle)
    finally:
        handle.stop()


def serve_pgrst(db_url: str, **kwargs: object) -> Iterator[str]:
    """Generator for pytest fixtures: `yield from serve_pgrst(url, ...)` yields the base URL
    and stops pgrst when the fixture is finalised."""
    with pgrst_server(db_url, **kwargs) as base_url:
        yield base_url


def authenticator_url(superuser_url: str, role: str = "authenticator") -> str:
    """The same database URL with the login role PostgREST connects as (trust auth locally)."""
    scheme, rest = superuser_url.split("://", 1)
    host = rest.split("@", 1)[-1]
    return f"{scheme}://{role}@{host}"
