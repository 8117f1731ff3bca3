"""The whole local stack on free ports against one database, for end-to-end tests.

    from tests.support.stack import courtbook_stack

    with courtbook_stack(db_url) as stack:      # db_url: a deployed database, superuser
        stack.base                               # https://127.0.0.1:PORT (nginx)
        stack.cacert                             # nginx's self-signed certificate
        stack.stripe.api_base                    # the local Stripe

What `make run` starts (deploy/local/run.sh), each service as its own database
role: pgrst (authenticator), the local Stripe (tests/support/localstripe_server.py)
with its webhooks pointed at the webhook service, the webhook service
(`courtbook-webhook`, webhook_service) and the worker (`courtbook-worker`,
worker_service) as subprocesses, and nginx (deploy/nginx/run-local.sh) with its
ports, upstreams and prefix overridden. Everything is stopped on exit; the logs
of the subprocesses (`stack.logs_dir`, gathered by `stack.logs()`) are kept only
when something failed.

Beyond one machine (tests/support/scaled.py, docs/operations.md "Beyond one VPS"):
`pooler_url` (PgBouncer in transaction mode) carries pgrst and the webhook service
(prepared statements off, pgrst's schema-cache LISTEN off), `worker_pooler_url`
the workers (LISTEN/NOTIFY off: they poll; prepared statements off); with
`read_replica_url` a second pgrst (`stack.read_pgrst`) on the replica serves
nginx's read upstream, the primary's pgrst its `backup`; `workers` starts that
many workers.

For the soak (bench/soak/): `stack.restart("webhook")` (or a worker) starts a service
again with its command and environment after it was killed, `stack.pgrst_process.restart()`
the gateway on its port; `stripe=` passes a LocalStripe made (not started) by the caller
and `stripe_api_base=` the address the services and nginx reach it at (a proxy in front).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.deploy.helpers import stop, wait_for_port
from tests.support.db import JWT_SECRET
from tests.support.localstripe_server import LocalStripe
from tests.support.pgrst_server import COURTBOOK_PRE_REQUEST, PgrstProcess, free_port, start_pgrst

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
RUN_LOCAL = ROOT / "deploy" / "nginx" / "run-local.sh"
DEMO_DATA = ROOT / "deploy" / "local" / "demo-data.sql"
WEBHOOK_SECRET = "whsec_courtbook_stack"
PUBLISHABLE_KEY = "pk_test_courtbook_local"

# Settings of .env.example that must not leak from the caller into the services.
_SCRUB = re.compile(r"^(PGRST_|STRIPE_|WEBHOOK_|WORKER_|NGINX_|DATABASE_URL$|LOCALSTRIPE_)")


def as_role(url: str, role: str) -> str:
    """The same database URL, connecting as `role` (trusted on loopback)."""
    return re.sub(r"^(postgres(?:ql)?://)(?:[^@/]+@)?", rf"\g<1>{role}@", url, count=1)


def load_demo_data(db_url: str) -> None:
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", db_url, "-f", str(DEMO_DATA)],
        check=True,
        capture_output=True,
    )


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not _SCRUB.match(k)}
    env.update(extra)
    return env


@dataclass
class Stack:
    db_url: str
    base: str
    cacert: Path
    pgrst: str
    webhook: str
    stripe: LocalStripe
    logs_dir: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    read_pgrst: str | None = None  # the gateway on the read replica, when there is one
    # How each subprocess was started (command, environment): `restart` starts it again.
    specs: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)
    pgrst_process: PgrstProcess | None = None

    def restart(self, name: str) -> subprocess.Popen[bytes]:
        """Start service `name` (webhook, worker, workerN) again as it was started, its log
        appended to; the caller has stopped or killed it. Stopped on exit like the others."""
        old = self.procs.get(name)
        if old is not None and old.poll() is None:
            raise RuntimeError(f"{name} is still running (pid {old.pid})")
        cmd, env = self.specs[name]
        self.procs[name] = _start(name, cmd, env, self.logs_dir, append=True)
        return self.procs[name]

    def logs(self, tail: int = 40) -> str:
        """The last lines of every service's log, for an assertion message."""
        parts = []
        for path in sorted(self.logs_dir.glob("*.log")) + [Path(self.stripe.log_path)]:
            with contextlib.suppress(OSError):
                lines = path.read_text(errors="replace").splitlines()[-tail:]
                parts.append(f"--- {path.name}\n" + "\n".join(lines))
        return "\n".join(parts)


def _start(
    name: str, cmd: list[str], env: dict[str, str], logs_dir: Path, append: bool = False
) -> subprocess.Popen[bytes]:
    with open(logs_dir / f"{name}.log", "ab" if append else "wb") as log:
        return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def _wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 20, **kw: object) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2, **kw).status_code == 200:  # type: ignore[arg-type]
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer 200 within {timeout}s")
        time.sleep(0.1)


@contextlib.contextmanager
def courtbook_stack(
    db_url: str,
    *,
    demo_data: bool = True,
    pooler_url: str | None = None,
    worker_pooler_url: str | None = None,
    read_replica_url: str | None = None,
    workers: int = 1,
    https_port: int | None = None,
    stripe: LocalStripe | None = None,
    stripe_api_base: str | None = None,
) -> Iterator[Stack]:
    """Start the stack against `db_url` (superuser URL of a deployed database); through
    PgBouncer and with a read replica when the URLs are given (module docstring)."""
    # Behind PgBouncer in transaction mode: no named prepared statements (PgBouncer 1.18
    # does not track them), no LISTEN (a session feature); PostgREST's own switches.
    pooled = {"PGRST_DB_PREPARED_STATEMENTS": "false", "PGRST_DB_CHANNEL_ENABLED": "false"}
    if demo_data:
        load_demo_data(db_url)
    # nginx's workers run as nobody when we are root: the prefix must be traversable.
    work = Path(tempfile.mkdtemp(prefix="courtbook-stack-"))
    work.chmod(0o755)
    logs_dir = work / "logs"
    logs_dir.mkdir()
    procs: dict[str, subprocess.Popen[bytes]] = {}
    specs: dict[str, tuple[list[str], dict[str, str]]] = {}

    def start(name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        specs[name] = (cmd, env)
        return _start(name, cmd, env, logs_dir)

    pgrst: PgrstProcess | None = None
    read_pgrst: PgrstProcess | None = None
    stripe = stripe or LocalStripe()
    keep_logs = True
    try:
        pgrst = start_pgrst(
            as_role(pooler_url or db_url, "authenticator"),
            jwt_secret=JWT_SECRET,
            pre_request=COURTBOOK_PRE_REQUEST,
            pool=4,
            extra_env=pooled if pooler_url else None,
        )
        if read_replica_url:
            # Directly on the replica (a hot standby: every transaction is read-only, and
            # LISTEN is refused during recovery: no schema-cache channel there).
            read_pgrst = start_pgrst(
                as_role(read_replica_url, "authenticator"),
                jwt_secret=JWT_SECRET,
                pre_request=COURTBOOK_PRE_REQUEST,
                pool=4,
                extra_env={"PGRST_DB_CHANNEL_ENABLED": "false"},
            )
        stripe.start()
        stripe_env = {
            "JWT_SECRET": JWT_SECRET,
            "STRIPE_SECRET_KEY": stripe.secret_key,
            "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": stripe_api_base or stripe.api_base,
            "LOG_LEVEL": "INFO",
        }

        webhook_port = free_port()
        webhook = f"http://127.0.0.1:{webhook_port}"
        procs["webhook"] = start(
            "webhook",
            [str(VENV_BIN / "courtbook-webhook")],
            _clean_env(
                DATABASE_URL=as_role(pooler_url or db_url, "webhook_service"),
                **({"WEBHOOK_DB_PREPARED_STATEMENTS": "false"} if pooler_url else {}),
                WEBHOOK_HOST="127.0.0.1",
                WEBHOOK_PORT=str(webhook_port),
                **stripe_env,
            ),
        )
        stripe.register_webhook("courtbook", f"{webhook}/stripe/webhook", WEBHOOK_SECRET)

        worker_pooled = (
            {"WORKER_LISTEN_NOTIFY": "false", "WORKER_DB_PREPARED_STATEMENTS": "false"}
            if worker_pooler_url
            else {}
        )
        for n in range(1, workers + 1):
            name = "worker" if n == 1 else f"worker{n}"
            procs[name] = start(
                name,
                [str(VENV_BIN / "courtbook-worker")],
                _clean_env(
                    DATABASE_URL=as_role(worker_pooler_url or db_url, "worker_service"),
                    WORKER_POLL_SECONDS="1",
                    STRIPE_MAX_NETWORK_RETRIES="0",
                    **worker_pooled,
                    **stripe_env,
                ),
            )

        https_port = https_port or free_port()
        procs["nginx"] = _start(
            "nginx",
            [str(RUN_LOCAL)],
            _clean_env(
                NGINX_PREFIX=str(work / "nginx"),
                NGINX_HTTPS_PORT=str(https_port),
                NGINX_PGRST_UPSTREAM=pgrst.removeprefix("http://"),
                NGINX_PGRST_READ_UPSTREAM=(read_pgrst or pgrst).removeprefix("http://"),
                NGINX_PGRST_READ_BACKUP=pgrst.removeprefix("http://"),
                NGINX_WEBHOOK_UPSTREAM=f"127.0.0.1:{webhook_port}",
                NGINX_ADMIN_ROOT=str(ROOT / "admin" / "dist"),
            ),
            logs_dir,
        )
        _wait_http(f"{webhook}/health", procs["webhook"])
        wait_for_port(https_port, procs["nginx"], timeout=30)
        cacert = work / "nginx" / "cert.pem"
        base = f"https://127.0.0.1:{https_port}"
        _wait_http(f"{base}/health", procs["nginx"], verify=str(cacert))
        for name, proc in procs.items():
            if name.startswith("worker") and proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}")
        yield Stack(
            db_url, base, cacert, str(pgrst), webhook, stripe, logs_dir, procs,
            read_pgrst=str(read_pgrst) if read_pgrst else None, specs=specs, pgrst_process=pgrst,
        )  # fmt: skip
        keep_logs = False
    except BaseException:
        keep_logs = True
        raise
    finally:
        for name in ("nginx", *(n for n in procs if n.startswith("worker")), "webhook"):
            if name in procs:
                stop(procs[name])
        stripe.stop()
        for gateway in (pgrst, read_pgrst):
            if gateway is not None:
                gateway.stop()
        # The logs stay only when something failed.
        shutil.rmtree(work / "nginx" if keep_logs else work, ignore_errors=True)
