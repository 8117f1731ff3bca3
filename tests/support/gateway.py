"""Which PostgREST-compatible gateway the HTTP suites talk to, and how it is started.

    COURTBOOK_GATEWAY=pgrst              (default) .venv/bin/pgrst, our re-implementation
    COURTBOOK_GATEWAY=postgrest          a real PostgREST: POSTGREST_BIN=/path/to/postgrest
    COURTBOOK_GATEWAY=postgrest-docker   the official image (POSTGREST_IMAGE, default
                                         postgrest/postgrest:v13.0.8) on the host network

Every gateway gets the same PostgREST environment (PGRST_DB_URI, PGRST_DB_SCHEMAS,
PGRST_DB_ANON_ROLE, PGRST_JWT_SECRET, PGRST_SERVER_HOST/PORT, ...): pgrst reads PostgREST's
own variables. `gateway_command` and `gateway_env` are separate from the start so that a test
can check the command line and environment a given POSTGREST_BIN would get.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PGRST_BIN = ROOT / ".venv" / "bin" / "pgrst"
GATEWAYS = ("pgrst", "postgrest", "postgrest-docker")
DEFAULT_IMAGE = "postgrest/postgrest:v13.0.8"
_SERVER = re.compile(r"postgrest/(\d+)\.(\d+)(?:\.(\d+))?", re.I)


class GatewayError(RuntimeError):
    pass


@dataclass(frozen=True)
class Gateway:
    kind: str  # one of GATEWAYS
    binary: str | None = None  # POSTGREST_BIN for "postgrest"
    image: str = DEFAULT_IMAGE  # for "postgrest-docker"

    @property
    def is_pgrst(self) -> bool:
        return self.kind == "pgrst"


def selected(environ: Mapping[str, str] | None = None) -> Gateway:
    """The gateway chosen by COURTBOOK_GATEWAY (and POSTGREST_BIN / POSTGREST_IMAGE)."""
    env = os.environ if environ is None else environ
    kind = env.get("COURTBOOK_GATEWAY", "pgrst") or "pgrst"
    if kind not in GATEWAYS:
        raise GatewayError(f"COURTBOOK_GATEWAY={kind!r}: use one of {', '.join(GATEWAYS)}")
    if kind == "postgrest":
        binary = env.get("POSTGREST_BIN")
        if not binary:
            raise GatewayError("COURTBOOK_GATEWAY=postgrest needs POSTGREST_BIN (an executable)")
        found = shutil.which(binary)
        if found is None:
            raise GatewayError(f"POSTGREST_BIN={binary!r} is not an executable")
        return Gateway(kind, binary=found)
    if kind == "postgrest-docker":
        if shutil.which("docker") is None:
            raise GatewayError("COURTBOOK_GATEWAY=postgrest-docker needs a docker client")
        return Gateway(kind, image=env.get("POSTGREST_IMAGE", DEFAULT_IMAGE))
    return Gateway(kind)


def gateway_env(
    db_url: str,
    *,
    port: int,
    schemas: str = "api",
    anon_role: str | None = "anon",
    jwt_secret: str | None = None,
    pre_request: str | None = None,
    max_rows: int | None = None,
    pool: int = 4,
    extra_env: Mapping[str, str] | None = None,
    base_env: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The process environment: the caller's without any PGRST_* variable, plus PostgREST's
    configuration variables for this server."""
    base = os.environ if base_env is None else base_env
    env = {k: v for k, v in base.items() if not k.startswith("PGRST_")}
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
    return env


def gateway_command(gateway: Gateway, env: Mapping[str, str]) -> list[str]:
    """The command line that starts `gateway` with `env` (PGRST_* variables)."""
    if gateway.kind == "pgrst":
        return [str(PGRST_BIN)] if PGRST_BIN.exists() else [sys.executable, "-m", "pgrst.main"]
    if gateway.kind == "postgrest":
        assert gateway.binary is not None
        return [gateway.binary]
    # The official image on the host network reaches the cluster on 127.0.0.1 and listens on
    # PGRST_SERVER_PORT there; `-e NAME` passes each variable from the client's environment.
    cmd = [
        "docker",
        "run",
        "--rm",
        "--network",
        "host",
        "--name",
        f"courtbook-pgrst-{uuid.uuid4().hex[:8]}",
    ]
    for name in sorted(k for k in env if k.startswith("PGRST_")):
        cmd += ["-e", name]
    return [*cmd, gateway.image]


def version_from_server_header(value: str | None) -> tuple[int, int, int] | None:
    """PostgREST names itself `Server: postgrest/13.0.8` (App.hs, setServerName)."""
    m = _SERVER.search(value or "")
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def gateway_version(server_header: str | None) -> tuple[int, int, int]:
    """The PostgREST version whose behaviour the server follows: the `Server` header of a
    real PostgREST, or the version pgrst implements (pgrst sends no Server header)."""
    found = version_from_server_header(server_header)
    if found is not None:
        return found
    from pgrst.config import VERSION

    major, minor, patch = (int(p) for p in VERSION.split("."))
    return major, minor, patch
