"""Start the test gateway as a subprocess: `.venv/bin/pgrst`, or the real PostgREST chosen
with COURTBOOK_GATEWAY (tests/support/gateway.py), with the same PostgREST environment.

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

from tests.support.gateway import PGRST_BIN, ROOT, Gateway, gateway_command, gateway_env, selected

__all__ = ["PGRST_BIN", "ROOT", "PgrstProcess", "authenticator_url", "free_port", "pgrst_server",
           "serve_pgrst", "start_gateway", "start_pgrst"]  # fmt: skip
DEFAULT_SECRET = os.environ.get("JWT_SECRET", "local-dev-secret-change-me-0123456789abcdef")
# courtbook's db-pre-request (revoked sessions get 401), as docker-compose.yml and make run set it.
COURTBOOK_PRE_REQUEST = "api.check_session"


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
    """The base URL (a `str`), with `.proc`, `.log_path`, `.stop()`, `.restart()` and
    `.logs()`."""

    proc: subprocess.Popen[bytes]
    log_path: Path
    gateway: Gateway
    cmd: list[str]
    env: dict[str, str]
    container: str | None = None
    server_header: str | None = None  # the `Server` header of its first answer

    def restart(self, timeout: float = 20.0) -> None:
        """Stop the gateway and start it again with the same command, environment and
        port (the same URL); returns once it answers `GET /` again (the soak's fault)."""
        self.stop()
        _spawn(self)
        _wait_ready(self, timeout)

    def stop(self) -> None:
        if self.container is not None:
            subprocess.run(["docker", "rm", "-f", self.container], capture_output=True, check=False)
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
    gateway: Gateway | None = None,
) -> PgrstProcess:
    """Launch the gateway (`gateway`, else the one COURTBOOK_GATEWAY selects) on a free
    127.0.0.1 port; return its base URL once it answers `GET /`. Call `.stop()` on the
    result (or use `pgrst_server`)."""
    gw = gateway or selected()
    port = free_port()
    env = gateway_env(
        db_url, port=port, schemas=schemas, anon_role=anon_role, jwt_secret=jwt_secret,
        pre_request=pre_request, max_rows=max_rows, pool=pool, extra_env=extra_env,
    )  # fmt: skip
    handle = PgrstProcess(f"http://127.0.0.1:{port}")
    handle.gateway = gw
    handle.env = env
    handle.cmd = gateway_command(gw, env)
    log = tempfile.NamedTemporaryFile(prefix=f"{gw.kind}-", suffix=".log", delete=False)
    handle.log_path = Path(log.name)
    log.close()
    _spawn(handle)
    _wait_ready(handle, timeout)
    return handle


def _spawn(handle: PgrstProcess) -> None:
    """Start the handle's command (its log appended to), as a child that dies with us."""
    cmd = handle.cmd
    with open(handle.log_path, "ab") as log:
        handle.proc = subprocess.Popen(
            cmd,
            env=handle.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    handle.container = cmd[cmd.index("--name") + 1] if "--name" in cmd else None


def _wait_ready(handle: PgrstProcess, timeout: float) -> None:
    kind, proc = handle.gateway.kind, handle.proc
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{kind} exited with {proc.returncode}:\n{handle.logs()}")
        try:
            r = httpx.get(handle + "/", timeout=2)
            if r.status_code < 500:
                handle.server_header = r.headers.get("server")
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    handle.stop()
    raise RuntimeError(f"{kind} did not answer within {timeout}s:\n{handle.logs()}")


start_gateway = start_pgrst


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
