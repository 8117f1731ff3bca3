"""The harness that starts a real PostgREST instead of pgrst (tests/support/gateway.py).

No PostgREST binary or Docker engine exists on the development machines, so these tests hold
the code path with a stand-in: a tiny executable that records the environment it was started
with and answers `GET /` as PostgREST names itself (`Server: postgrest/12.0.3`)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support import gateway
from tests.support.pgrst_server import start_pgrst

FAKE = """#!{python}
import http.server, json, os, sys
with open({record!r}, "w") as f:
    json.dump({{"argv": sys.argv, "env": dict(os.environ)}}, f)
if os.environ.get("FAKE_SILENT"):
    sys.exit(3)

class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{{"swagger":"2.0"}}'
        self.send_response(200)
        self.send_header("Server", "postgrest/12.0.3")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass

http.server.HTTPServer(
    (os.environ["PGRST_SERVER_HOST"], int(os.environ["PGRST_SERVER_PORT"])), H
).serve_forever()
"""


@pytest.fixture
def fake_postgrest(tmp_path: Path) -> tuple[Path, Path]:
    record = tmp_path / "started.json"
    exe = tmp_path / "postgrest"
    exe.write_text(FAKE.format(python=sys.executable, record=str(record)))
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe, record


def test_selection() -> None:
    assert gateway.selected({}).kind == "pgrst"
    assert gateway.selected({"COURTBOOK_GATEWAY": "pgrst"}).is_pgrst
    with pytest.raises(gateway.GatewayError, match="POSTGREST_BIN"):
        gateway.selected({"COURTBOOK_GATEWAY": "postgrest"})
    with pytest.raises(gateway.GatewayError, match="not an executable"):
        gateway.selected({"COURTBOOK_GATEWAY": "postgrest", "POSTGREST_BIN": "/nonexistent/x"})
    with pytest.raises(gateway.GatewayError, match="use one of"):
        gateway.selected({"COURTBOOK_GATEWAY": "postgrest13"})


def test_the_same_postgrest_environment_for_every_gateway(
    fake_postgrest: tuple[Path, Path],
) -> None:
    exe, _ = fake_postgrest
    gw = gateway.selected({"COURTBOOK_GATEWAY": "postgrest", "POSTGREST_BIN": str(exe)})
    assert gw.binary == str(exe)
    env = gateway.gateway_env(
        "postgresql://authenticator@127.0.0.1:5432/db", port=4321, schemas="api,v2",
        anon_role="anon", jwt_secret="s" * 32, pre_request="api.check", max_rows=7,
        extra_env={"PGRST_DB_TX_END": "rollback"},
        base_env={"PATH": "/usr/bin", "PGRST_JWT_AUD": "leaked-from-the-caller"},
    )  # fmt: skip
    assert {k: v for k, v in env.items() if k.startswith("PGRST_")} == {
        "PGRST_DB_URI": "postgresql://authenticator@127.0.0.1:5432/db",
        "PGRST_DB_SCHEMAS": "api,v2",
        "PGRST_SERVER_HOST": "127.0.0.1",
        "PGRST_SERVER_PORT": "4321",
        "PGRST_DB_POOL": "4",
        "PGRST_DB_ANON_ROLE": "anon",
        "PGRST_JWT_SECRET": "s" * 32,
        "PGRST_DB_PRE_REQUEST": "api.check",
        "PGRST_DB_MAX_ROWS": "7",
        "PGRST_DB_TX_END": "rollback",
    }
    assert env["PATH"] == "/usr/bin"
    assert gateway.gateway_command(gw, env) == [str(exe)]
    pgrst_cmd = gateway.gateway_command(gateway.Gateway("pgrst"), env)
    assert pgrst_cmd[0].endswith("pgrst") or pgrst_cmd[-1] == "pgrst.main"
    docker = gateway.gateway_command(gateway.Gateway("postgrest-docker"), env)
    assert docker[:5] == ["docker", "run", "--rm", "--network", "host"]
    assert docker[-1] == gateway.DEFAULT_IMAGE
    passed = [docker[i + 1] for i, a in enumerate(docker) if a == "-e"]
    assert passed == sorted(k for k in env if k.startswith("PGRST_"))


def test_start_runs_postgrest_bin_and_reads_its_version(
    fake_postgrest: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    exe, record = fake_postgrest
    monkeypatch.setenv("COURTBOOK_GATEWAY", "postgrest")
    monkeypatch.setenv("POSTGREST_BIN", str(exe))
    monkeypatch.setenv("PGRST_OPENAPI_MODE", "disabled")  # the caller's own: never passed on
    handle = start_pgrst("postgresql://authenticator@127.0.0.1:1/x", jwt_secret="k" * 32)
    try:
        assert handle.gateway.kind == "postgrest"
        assert httpx.get(handle + "/").json() == {"swagger": "2.0"}
        assert gateway.gateway_version(handle.server_header) == (12, 0, 3)
    finally:
        handle.stop()
    started = json.loads(record.read_text())
    assert started["argv"] == [str(exe)]
    env = started["env"]
    assert env["PGRST_DB_URI"] == "postgresql://authenticator@127.0.0.1:1/x"
    assert env["PGRST_JWT_SECRET"] == "k" * 32
    assert env["PGRST_SERVER_PORT"] == handle.rsplit(":", 1)[1]
    assert "PGRST_OPENAPI_MODE" not in env


def test_a_postgrest_that_exits_is_reported(
    fake_postgrest: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    exe, record = fake_postgrest
    monkeypatch.setenv("COURTBOOK_GATEWAY", "postgrest")
    monkeypatch.setenv("POSTGREST_BIN", str(exe))
    with pytest.raises(RuntimeError, match="postgrest exited with 3"):
        start_pgrst("postgresql://x@127.0.0.1:1/x", extra_env={"FAKE_SILENT": "1"}, timeout=10)
    assert json.loads(record.read_text())["env"]["FAKE_SILENT"] == "1"


def test_versions() -> None:
    assert gateway.version_from_server_header("postgrest/13.0.8") == (13, 0, 8)
    assert gateway.version_from_server_header("postgrest/12.2") == (12, 2, 0)
    assert gateway.version_from_server_header(None) is None
    assert gateway.version_from_server_header("uvicorn") is None
    from pgrst.config import VERSION

    assert gateway.gateway_version(None) == tuple(int(p) for p in VERSION.split("."))


GATEWAY_SH = gateway.ROOT / "deploy" / "local" / "gateway.sh"


def _run_gateway_sh(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ["PATH"], "PGRST_DB_URI": "postgresql://authenticator@h/db",
            "PGRST_JWT_SECRET": "j" * 32, "PGRST_SERVER_PORT": "0"}  # fmt: skip
    return subprocess.run(
        [str(GATEWAY_SH)], env={**base, **env}, capture_output=True, text=True, timeout=30
    )


def test_make_run_starts_postgrest_bin_with_the_stack_environment(
    fake_postgrest: tuple[Path, Path],
) -> None:
    """deploy/local/gateway.sh, what `make run` starts as its API gateway."""
    exe, record = fake_postgrest
    proc = _run_gateway_sh({"COURTBOOK_GATEWAY": "postgrest", "POSTGREST_BIN": str(exe),
                            "FAKE_SILENT": "1"})  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    env = json.loads(record.read_text())["env"]
    assert env["PGRST_DB_URI"] == "postgresql://authenticator@h/db"
    assert env["PGRST_JWT_SECRET"] == "j" * 32
    proc = _run_gateway_sh({"COURTBOOK_GATEWAY": "postgrest"})
    assert proc.returncode == 1 and "needs POSTGREST_BIN" in proc.stderr
    proc = _run_gateway_sh({"COURTBOOK_GATEWAY": "nginx"})
    assert proc.returncode == 1 and "use pgrst, postgrest or postgrest-docker" in proc.stderr


def test_make_run_with_the_docker_image(tmp_path: Path) -> None:
    record = tmp_path / "docker.json"
    docker = tmp_path / "docker"
    docker.write_text(
        f"#!{sys.executable}\nimport json, os, sys\nout = open({str(record)!r}, 'w')\n"
        "json.dump({'argv': sys.argv[1:], 'env': dict(os.environ)}, out)\n"
    )
    docker.chmod(0o755)
    proc = _run_gateway_sh({"COURTBOOK_GATEWAY": "postgrest-docker",
                            "PATH": f"{tmp_path}:{os.environ['PATH']}"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    got = json.loads(record.read_text())
    assert got["argv"] == [
        "run", "--rm", "--network", "host",
        "-e", "PGRST_DB_URI", "-e", "PGRST_JWT_SECRET", "-e", "PGRST_SERVER_PORT",
        gateway.DEFAULT_IMAGE,
    ]  # fmt: skip
    assert got["env"]["PGRST_DB_URI"] == "postgresql://authenticator@h/db"
