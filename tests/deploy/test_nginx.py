"""nginx: the templates render and pass `nginx -t`; end to end through a real nginx.

The end-to-end module starts its own nginx (deploy/nginx/run-local.sh) on free ports in
a temp dir, in front of two stand-in upstreams (tests/deploy/echo_upstream.py) that
answer with the path and headers they received, so it never clashes with `make run`.
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.deploy.helpers import DEPLOY, base_env, free_port, stop, wait_for_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RUN_LOCAL = DEPLOY / "nginx" / "run-local.sh"
TEMPLATES = DEPLOY / "nginx" / "templates"
RATE_LIMITED = {
    "code": "rate_limited",
    "details": None,
    "hint": None,
    "message": "Too many requests",
}
SECURITY_HEADERS = {
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "strict-origin-when-cross-origin",
}


@pytest.fixture(autouse=True)
def _nginx_is_installed() -> None:
    """nginx is part of the set-up (deploy/local/setup.sh): missing, these tests fail."""
    if not Path(NGINX).exists():
        pytest.fail(f"nginx is not installed ({NGINX}): run deploy/local/setup.sh")


sys.path.insert(0, str(DEPLOY / "nginx"))
import render  # noqa: E402


def _prefix() -> Path:
    # nginx's workers run as nobody: the prefix must be traversable (pytest's tmp_path is not).
    path = Path(tempfile.mkdtemp(prefix="courtbook-nginx-"))
    path.chmod(0o755)
    return path


def _self_signed(prefix: Path) -> tuple[Path, Path]:
    cert, key = prefix / "cert.pem", prefix / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=example.com", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


# --- the templates ----------------------------------------------------------------------


def test_render_leaves_nginx_variables_and_rejects_unset_ones() -> None:
    text = "server ${NGINX_PGRST_UPSTREAM}; return 301 https://$host${request_uri} ${HOME};"
    out = render.render_text(text, {"NGINX_PGRST_UPSTREAM": "postgrest:3000", "HOME": "/x"})
    assert out == "server postgrest:3000; return 301 https://$host${request_uri} ${HOME};"
    with pytest.raises(KeyError, match="NGINX_SSL_CERT"):
        render.render_text("ssl_certificate ${NGINX_SSL_CERT};", {})


def _compose_like_env(prefix: Path) -> dict[str, str]:
    cert, key = _self_signed(prefix)
    (prefix / "admin").mkdir()
    (prefix / "run").mkdir()
    return {
        "DOMAIN": "example.com",
        "NGINX_HTTPS_LISTEN": "443",
        "NGINX_HTTP_LISTEN": "80",
        # The compose names (postgrest, webhook) only resolve inside the compose network.
        "NGINX_PGRST_UPSTREAM": "127.0.0.1:3000",
        "NGINX_PGRST_READ_UPSTREAM": "127.0.0.1:3002",
        "NGINX_PGRST_READ_BACKUP": "127.0.0.1:3000",
        "NGINX_WEBHOOK_UPSTREAM": "127.0.0.1:8000",
        "NGINX_ADMIN_ROOT": str(prefix / "admin"),
        "NGINX_SSL_CERT": str(cert),
        "NGINX_SSL_KEY": str(key),
        "NGINX_ACME_ROOT": str(prefix / "acme"),
        "NGINX_CONF_DIR": str(prefix / "conf"),
        "NGINX_RUN_DIR": str(prefix / "run"),
        "NGINX_WORKER_USER": "nobody nogroup",
    }


def test_all_templates_render_and_pass_nginx_t() -> None:
    """What the nginx image renders in compose (every template), checked by `nginx -t`."""
    prefix = _prefix()
    try:
        env = _compose_like_env(prefix)
        (prefix / "conf").mkdir()
        for template in sorted(TEMPLATES.glob("*.template")):
            render.render_file(template, prefix / "conf", env)
        rendered = {p.name for p in (prefix / "conf").iterdir()}
        assert rendered == {
            "nginx.conf",
            "courtbook.conf",
            "courtbook-http.conf",
            "courtbook-locations.inc",
        }
        for path in (prefix / "conf").iterdir():
            assert "${DOMAIN}" not in path.read_text() and "${NGINX_" not in path.read_text()
        result = subprocess.run(
            [
                NGINX,
                "-t",
                "-p",
                f"{prefix}/",
                "-c",
                str(prefix / "conf/nginx.conf"),
                "-e",
                "stderr",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, result.stderr
        assert "test is successful" in result.stderr
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def test_render_matches_the_nginx_image_envsubst() -> None:
    """render.py gives byte for byte what the image's envsubst step gives."""
    assert shutil.which("envsubst"), "gettext's envsubst is missing: run deploy/local/setup.sh"
    prefix = _prefix()
    try:
        env = _compose_like_env(prefix)
        names = " ".join(f"${{{k}}}" for k in env)
        for template in sorted(TEMPLATES.glob("*.template")):
            expected = subprocess.run(
                ["envsubst", names],
                input=template.read_text(),
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
            assert render.render_text(template.read_text(), env) == expected, template.name
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def test_run_local_check_mode() -> None:
    prefix = _prefix()
    try:
        env = base_env(
            NGINX_PREFIX=str(prefix),
            NGINX_HTTPS_PORT=str(free_port()),
            NGINX_HTTP_PORT=str(free_port()),
        )
        result = subprocess.run(
            [str(RUN_LOCAL), "--check"], capture_output=True, text=True, env=env, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert (prefix / "cert.pem").is_file() and (prefix / "key.pem").stat().st_mode & 0o077 == 0
        conf = (prefix / "conf" / "courtbook.conf").read_text()
        assert "server 127.0.0.1:3000 " in conf and "server 127.0.0.1:8000 " in conf
        assert (prefix / "conf" / "courtbook-http.conf").is_file()
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


# --- end to end -----------------------------------------------------------------------------


@dataclass
class Stack:
    base: str
    port: int
    prefix: Path
    access_log: Path
    tls: ssl.SSLContext

    def client(self, host: str | None = None) -> httpx.Client:
        headers = {"Host": host} if host else {}
        return httpx.Client(base_url=self.base, verify=self.tls, headers=headers, timeout=10)


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    prefix = _prefix()
    admin = prefix / "admin"
    (admin / "assets").mkdir(parents=True)
    (admin / "index.html").write_text("<!doctype html><title>courtbook admin</title>")
    (admin / "assets" / "app-1234.js").write_text("console.log('admin')")
    for path in (admin, admin / "assets"):
        path.chmod(0o755)

    pgrst_port, read_port, webhook_port = free_port(), free_port(), free_port()
    https_port = free_port()
    procs: list[subprocess.Popen[bytes]] = []
    echo = str(Path(__file__).with_name("echo_upstream.py"))
    try:
        for name, port in (
            ("pgrst", pgrst_port),
            ("pgrst-read", read_port),
            ("webhook", webhook_port),
        ):
            proc = subprocess.Popen([sys.executable, echo, name, str(port)])
            procs.append(proc)
            wait_for_port(port, proc)
        env = base_env(
            NGINX_PREFIX=str(prefix),
            NGINX_HTTPS_PORT=str(https_port),
            NGINX_PGRST_UPSTREAM=f"127.0.0.1:{pgrst_port}",
            NGINX_PGRST_READ_UPSTREAM=f"127.0.0.1:{read_port}",
            NGINX_WEBHOOK_UPSTREAM=f"127.0.0.1:{webhook_port}",
            NGINX_ADMIN_ROOT=str(admin),
            DOMAIN="localhost",
        )
        env.pop("NGINX_HTTP_PORT", None)
        access_log = prefix / "access.log"
        with open(access_log, "wb") as out, open(prefix / "error.log", "wb") as err:
            nginx = subprocess.Popen([str(RUN_LOCAL)], env=env, stdout=out, stderr=err)
        procs.append(nginx)
        wait_for_port(https_port, nginx, timeout=30)
        tls = ssl.create_default_context(cafile=str(prefix / "cert.pem"))
        yield Stack(f"https://127.0.0.1:{https_port}", https_port, prefix, access_log, tls)
    finally:
        for proc in reversed(procs):
            stop(proc)
        shutil.rmtree(prefix, ignore_errors=True)


def _assert_security_headers(resp: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, (name, resp.status_code, resp.url)


def test_tls_with_the_self_signed_certificate(stack: Stack) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", stack.port), timeout=5) as raw:
        with stack.tls.wrap_socket(raw, server_hostname="localhost") as conn:
            assert conn.version() in {"TLSv1.2", "TLSv1.3"}
            assert conn.getpeercert()["subject"] == ((("commonName", "localhost"),),)
    # an unverified client sees the same; a plain HTTP request to the TLS port is refused
    with httpx.Client(verify=False) as client:
        assert client.get(f"{stack.base}/health").status_code == 200
        assert client.get(f"http://127.0.0.1:{stack.port}/health").status_code == 400


def test_api_prefix_is_stripped_and_proxy_headers_set(stack: Stack) -> None:
    with stack.client() as client:
        resp = client.get(
            "/api/venues?select=id,name&city=eq.Madrid",
            headers={"X-Forwarded-For": "6.6.6.6", "Authorization": "Bearer t"},
        )
    assert resp.status_code == 200
    echo = resp.json()
    assert echo["service"] == "pgrst"
    assert echo["path"] == "/venues?select=id,name&city=eq.Madrid"
    headers = echo["headers"]
    assert headers["x-forwarded-for"] == "127.0.0.1"  # the client's claim is not passed on
    assert headers["x-real-ip"] == "127.0.0.1"
    assert headers["x-forwarded-proto"] == "https"
    assert headers["authorization"] == "Bearer t"
    assert len(headers["x-request-id"]) == 32
    assert resp.headers["x-request-id"] == headers["x-request-id"]
    _assert_security_headers(resp)


@pytest.mark.parametrize(
    ("method", "path", "service", "upstream_path"),
    [
        ("GET", "/api/", "pgrst", "/"),
        ("POST", "/api/rpc/available_slots", "pgrst-read", "/rpc/available_slots"),
        (
            "GET",
            "/api/rpc/available_slots?venue_id=1",
            "pgrst-read",
            "/rpc/available_slots?venue_id=1",
        ),
        ("POST", "/api/rpc/search_slots", "pgrst-read", "/rpc/search_slots"),
        (
            "GET",
            "/api/rpc/search_slots/?lat=40.42&lng=-3.68",
            "pgrst-read",
            "/rpc/search_slots?lat=40.42&lng=-3.68",
        ),
        (
            "GET",
            "/api/rpc/nearby_venues?lat=40.42&lng=-3.68",
            "pgrst-read",
            "/rpc/nearby_venues?lat=40.42&lng=-3.68",
        ),
        ("POST", "/api/rpc/release_hold", "pgrst", "/rpc/release_hold"),
        ("POST", "/api/rpc/hold_slots", "pgrst", "/rpc/hold_slots"),
        ("POST", "/api/rpc/signup", "pgrst", "/rpc/signup"),
        ("POST", "/payments/intent", "webhook", "/payments/intent"),
        ("POST", "/payments/connect/onboarding", "webhook", "/payments/connect/onboarding"),
        ("POST", "/stripe/webhook", "webhook", "/stripe/webhook"),
        ("GET", "/health", "webhook", "/health"),
    ],
)
def test_routes(stack: Stack, method: str, path: str, service: str, upstream_path: str) -> None:
    with stack.client() as client:
        resp = client.request(method, path, json={"x": 1} if method == "POST" else None)
    assert resp.status_code == 200, resp.text
    assert resp.json()["service"] == service
    assert resp.json()["path"] == upstream_path
    assert resp.json()["method"] == method


def test_unknown_path_is_a_json_404(stack: Stack) -> None:
    with stack.client() as client:
        resp = client.get("/nope")
    assert resp.status_code == 404
    assert resp.headers["content-type"] == "application/json"
    assert resp.json()["code"] == "not_found"
    _assert_security_headers(resp)


def test_admin_static_build_with_spa_fallback(stack: Stack) -> None:
    with stack.client() as client:
        redirect = client.get("/admin")
        index = client.get("/admin/")
        deep = client.get("/admin/venues/42/bookings")
        asset = client.get("/admin/assets/app-1234.js")
        missing_asset = client.get("/admin/assets/nope.js")
    assert redirect.status_code == 301 and redirect.headers["location"].endswith("/admin/")
    for resp in (index, deep):
        assert resp.status_code == 200
        assert "courtbook admin" in resp.text
        assert resp.headers["content-type"].startswith("text/html")
        assert resp.headers["cache-control"] == "no-cache"
        _assert_security_headers(resp)
    assert asset.status_code == 200 and asset.text == "console.log('admin')"
    assert asset.headers["cache-control"] == "max-age=31536000"
    assert missing_asset.status_code == 404


def test_admin_host_serves_the_build(stack: Stack) -> None:
    with stack.client(host="admin.localhost") as client:
        root = client.get("/")
        deep_redirect = client.get("/bookings/7?x=1")
        index = client.get("/admin/")
        deep = client.get("/admin/bookings/7")
        asset = client.get("/admin/assets/app-1234.js")
        api = client.get("/api/venues")
        payments = client.post("/payments/connect/onboarding", json={"venue_id": 1})
    assert root.status_code == 302 and root.headers["location"].endswith("/admin/")
    assert deep_redirect.headers["location"].endswith("/admin/bookings/7?x=1")
    assert index.status_code == 200 and "courtbook admin" in index.text
    assert deep.status_code == 200 and "courtbook admin" in deep.text
    assert asset.status_code == 200
    assert api.json()["service"] == "pgrst" and api.json()["path"] == "/venues"
    assert payments.json()["service"] == "webhook"
    _assert_security_headers(index)


def test_request_size_limit(stack: Stack) -> None:
    with stack.client() as client:
        resp = client.post("/api/rpc/create_venue", content=b"x" * (2 * 1024 * 1024))
    assert resp.status_code == 413
    assert resp.headers["content-type"] == "application/json"
    assert resp.json()["code"] == "payload_too_large"


def test_stripe_webhook_is_never_rate_limited(stack: Stack) -> None:
    with stack.client() as client:
        statuses = [client.post("/stripe/webhook", content=b"{}").status_code for _ in range(30)]
    assert set(statuses) == {200}


def test_burst_of_logins_gets_429_in_postgrest_shape(stack: Stack) -> None:
    with stack.client() as client:
        responses = [
            client.post("/api/rpc/login", json={"email": "a@b.c", "password": "x"})
            for _ in range(30)
        ]
        # reads are generous: unaffected by the login limit
        read = client.get("/api/venues")
    statuses = [r.status_code for r in responses]
    assert statuses[0] == 200
    assert 1 <= statuses.count(200) <= 22, statuses
    assert statuses[-1] == 429, statuses
    limited = next(r for r in responses if r.status_code == 429)
    assert limited.headers["content-type"] == "application/json"
    assert limited.json() == RATE_LIMITED
    assert list(limited.json()) == ["code", "details", "hint", "message"]
    _assert_security_headers(limited)
    assert read.status_code == 200


def test_access_log_is_json_lines(stack: Stack) -> None:
    with stack.client() as client:
        client.get("/api/venues?marker=access-log")
    deadline = time.monotonic() + 5
    entries: list[dict[str, object]] = []
    while time.monotonic() < deadline:
        lines = [line for line in stack.access_log.read_text().splitlines() if line.strip()]
        entries = [json.loads(line) for line in lines]
        if any("marker=access-log" in str(e["uri"]) for e in entries):
            break
        time.sleep(0.1)
    entry = next(e for e in entries if "marker=access-log" in str(e["uri"]))
    assert entry["status"] == 200 and entry["method"] == "GET"
    assert entry["upstream_status"] == "200"
    assert isinstance(entry["request_time"], int | float)
    assert any(e["status"] == 429 and e["limit_req"] == "REJECTED" for e in entries)


def test_no_traversal_out_of_the_admin_build(stack: Stack) -> None:
    """The TLS key sits next to the admin build in the test prefix: it must stay unreachable."""
    with stack.client() as client:
        for path in ("/admin../key.pem", "/admin/../key.pem", "/admin/..%2fkey.pem", "/key.pem"):
            resp = client.get(path)
            assert resp.status_code in {400, 404}, path
            assert "PRIVATE KEY" not in resp.text, path


def test_missing_admin_build_is_a_404_not_a_loop() -> None:
    prefix = _prefix()
    port = free_port()
    env = base_env(
        NGINX_PREFIX=str(prefix),
        NGINX_HTTPS_PORT=str(port),
        NGINX_ADMIN_ROOT=str(prefix / "no-build"),
    )
    env.pop("NGINX_HTTP_PORT", None)
    nginx = subprocess.Popen(
        [str(RUN_LOCAL)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, nginx, timeout=30)
        with httpx.Client(verify=False, timeout=10) as client:
            for path in ("/admin/", "/admin/venues/1"):
                assert client.get(f"https://127.0.0.1:{port}{path}").status_code == 404
            admin_host = client.get(
                f"https://127.0.0.1:{port}/admin/x", headers={"Host": "admin.localhost"}
            )
            assert admin_host.status_code == 404
    finally:
        stop(nginx)
        shutil.rmtree(prefix, ignore_errors=True)
