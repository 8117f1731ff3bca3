"""nginx limits that match what runs (issue 16): the rate-limited RPCs are found
whatever the path's spelling (trailing slashes, doubled slashes, dot segments,
%-escapes, double escapes), go upstream under one canonical path, and answer 429
with Retry-After after the limit; nginx's own errors are PostgREST-shaped JSON.

Requests are sent as raw bytes over TLS so that no client library normalises the
path on the way. Its own nginx (deploy/nginx/run-local.sh) in front of the echo
upstreams of tests/deploy/echo_upstream.py, with a read upstream that is down.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.helpers import base_env, stop, wait_for_port
from tests.deploy.test_nginx import RUN_LOCAL, SECURITY_HEADERS, _prefix

SHAPE = ["code", "details", "hint", "message"]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Edge:
    port: int
    tls: ssl.SSLContext
    # The rate limits are per client address: each test speaks from its own loopback
    # address (127.0.0.2, 127.0.0.3, ...), so it starts with fresh limits.
    source: str = "127.0.0.1"

    def raw(self, request: bytes, *, tls: bool = True) -> Reply:
        data = b""
        with socket.create_connection(
            ("127.0.0.1", self.port), timeout=10, source_address=(self.source, 0)
        ) as sock:
            conn = self.tls.wrap_socket(sock, server_hostname="localhost") if tls else sock
            try:
                conn.sendall(request)
                while chunk := conn.recv(65536):
                    data += chunk
            except ConnectionResetError:
                # nginx refusing an oversized request closes with some of it unread (a
                # reset); what it answered before is what the test looks at
                if not data:
                    raise
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), value.strip())
        return Reply(int(lines[0].split()[1]), headers, body)

    def request(self, method: str, target: str) -> Reply:
        """GET without a body; others with `{}` (nginx refusing early never leaves
        an unread body behind, which could reset the connection)."""
        body = b"" if method == "GET" else b"{}"
        return self.raw(
            f"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )


def distinct_free_ports(n: int) -> list[int]:
    """n free ports, all different (each stays bound until all are chosen)."""
    socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(n)]
    try:
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def _start(prefix: Path) -> tuple[list[subprocess.Popen[bytes]], int]:
    pgrst_port, webhook_port, https_port, dead_port = distinct_free_ports(4)
    procs: list[subprocess.Popen[bytes]] = []
    echo = str(Path(__file__).with_name("echo_upstream.py"))
    for name, port in (("pgrst", pgrst_port), ("webhook", webhook_port)):
        proc = subprocess.Popen([sys.executable, echo, name, str(port)])
        procs.append(proc)
        wait_for_port(port, proc)
    env = base_env(
        NGINX_PREFIX=str(prefix),
        NGINX_HTTPS_PORT=str(https_port),
        NGINX_PGRST_UPSTREAM=f"127.0.0.1:{pgrst_port}",
        NGINX_PGRST_READ_UPSTREAM=f"127.0.0.1:{dead_port}",  # nothing listens there
        NGINX_PGRST_READ_BACKUP=f"127.0.0.1:{dead_port}",  # nor for its backup: nginx's 503
        NGINX_WEBHOOK_UPSTREAM=f"127.0.0.1:{webhook_port}",
        NGINX_ADMIN_ROOT=str(prefix / "admin"),
        DOMAIN="localhost",
    )
    env.pop("NGINX_HTTP_PORT", None)
    with open(prefix / "out.log", "ab") as out:
        nginx = subprocess.Popen([str(RUN_LOCAL)], env=env, stdout=out, stderr=out)
    procs.append(nginx)
    wait_for_port(https_port, nginx, timeout=30)
    return procs, https_port


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, ssl.SSLContext]]:
    """One nginx for the module. The ports are free when chosen, but other test runs on
    this machine pick free ports too: the server counts as started only when our own
    nginx answers a TLS handshake with our certificate (else: new ports, again)."""
    prefix = _prefix()
    (prefix / "admin").mkdir()
    (prefix / "admin").chmod(0o755)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for _attempt in range(3):
            procs, port = _start(prefix)
            tls = ssl.create_default_context(cafile=str(prefix / "cert.pem"))
            try:
                reply = Edge(port, tls).request("GET", "/health")
                if reply.status == 200 and procs[-1].poll() is None:
                    break
            except OSError:
                pass
            for proc in reversed(procs):
                stop(proc)
        else:
            pytest.fail("nginx did not come up on free ports")
        yield port, tls
    finally:
        for proc in reversed(procs):
            stop(proc)
        log = prefix / "out.log"
        if log.exists():  # shown by pytest when a test failed
            print("".join(line for line in log.read_text().splitlines(True) if "[" in line[:30]))
        shutil.rmtree(prefix, ignore_errors=True)


_sources = iter(range(2, 250))


@pytest.fixture
def edge(server: tuple[int, ssl.SSLContext]) -> Edge:
    """nginx as seen from a loopback address of this test's own: fresh rate limits."""
    port, tls = server
    return Edge(port, tls, f"127.0.0.{next(_sources)}")


def assert_nginx_error(reply: Reply, status: int, code: str) -> None:
    assert reply.status == status, (reply.status, reply.body)
    assert reply.headers["content-type"] == "application/json", reply.headers
    assert list(reply.json()) == SHAPE and reply.json()["code"] == code, reply.body
    for name, value in SECURITY_HEADERS.items():
        assert reply.headers.get(name) == value, name


LOGIN_VARIANTS = [
    "/api/rpc/login/",
    "/api/rpc/login//",
    "/api/rpc//login",
    "/api//rpc/login",
    "/api/rpc/./login",
    "/api/rpc/x/../login",
    "/api/rpc/%6Cogin",
    "/api/rpc/%6cogin",
    "/api/rpc/login%2F",
    "/api/rpc/%6C%6F%67%69%6E?x=1",
]


def test_login_variants_go_upstream_as_the_canonical_path(edge: Edge) -> None:
    for path in LOGIN_VARIANTS[:5]:
        reply = edge.request("POST", path)
        assert reply.status == 200, (path, reply.body)
        assert reply.json()["path"] == "/rpc/login", path
    assert edge.request("POST", "/api/rpc/login/?a=%2B1").json()["path"] == "/rpc/login?a=%2B1"


def test_every_spelling_of_login_is_limited_with_the_login_limit(edge: Edge) -> None:
    """30/min, burst 20: the first 21 logins from one address pass (looser than
    0.1's 10/min, burst 5: a carrier NAT), 30 use the limit up; then every variant,
    double escapes included, is 429 with Retry-After."""
    statuses = [edge.request("POST", "/api/rpc/login").status for _ in range(30)]
    assert statuses[:21] == [200] * 21 and statuses[-1] == 429, statuses
    for path in [*LOGIN_VARIANTS, "/api/rpc/%256Cogin", "/api/rpc/%25256Cogin", "/api/rpc/signup/"]:
        reply = edge.request("POST", path)
        assert_nginx_error(reply, 429, "rate_limited")
        assert reply.headers["retry-after"] == "2", path
    # reads are unaffected
    assert edge.request("GET", "/api/venues").status == 200


def test_a_name_still_escaped_after_decoding_is_passed_on_under_the_strict_limit(
    edge: Edge,
) -> None:
    """/api/rpc/%256Cogin is no courtbook name (PostgREST decodes once: `%6Cogin`), but a
    gateway that decoded twice would call login: it shares the login limit."""
    replies = [edge.request("POST", "/api/rpc/%256Cogin") for _ in range(30)]
    assert replies[0].status == 200 and replies[0].json()["path"] == "/rpc/%256Cogin"
    assert replies[-1].status == 429
    assert edge.request("POST", "/api/rpc/login").status == 429


def test_hold_variants_share_the_hold_limit_with_retry_after(edge: Edge) -> None:
    """60/min, burst 10."""
    first = edge.request("POST", "/api/rpc/hold_slots/")
    assert first.status == 200 and first.json()["path"] == "/rpc/hold_slots"
    statuses = [edge.request("POST", "/api/rpc/hold_slots").status for _ in range(12)]
    assert statuses[-1] == 429, statuses
    for path in ("/api/rpc/hold_slots/", "/api/rpc/%68old_slots", "/api/rpc//hold_slots"):
        reply = edge.request("POST", path)
        assert_nginx_error(reply, 429, "rate_limited")
        assert reply.headers["retry-after"] == "1"


def test_read_limit_429_has_retry_after(edge: Edge) -> None:
    """20/s, burst 100: 300 reads from 30 connections at once go over it."""
    with ThreadPoolExecutor(30) as pool:
        replies = list(pool.map(lambda _: edge.request("GET", "/api/venues"), range(300)))
    limited = [r for r in replies if r.status == 429]
    assert limited, [r.status for r in replies]
    assert_nginx_error(limited[0], 429, "rate_limited")
    assert limited[0].headers["retry-after"] == "1"


def test_an_upstream_429_keeps_its_own_retry_after(edge: Edge) -> None:
    reply = edge.request("POST", "/api/rpc/hold_slots?echo_status=429")
    assert reply.status == 429 and reply.json()["service"] == "pgrst"
    assert reply.headers["retry-after"] == "42"
    raw_headers = edge.raw(
        b"POST /api/rpc/create_venue?echo_status=429 HTTP/1.1\r\nHost: localhost\r\n"
        b"Connection: close\r\nContent-Length: 0\r\n\r\n"
    )
    assert raw_headers.headers["retry-after"] == "42"


def test_nginx_own_errors_are_postgrest_shaped_json(edge: Edge) -> None:
    # 400: a header line without a colon
    bad = edge.raw(b"GET /api/venues HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n")
    assert_nginx_error(bad, 400, "bad_request")
    # 400: plain HTTP to the TLS port (nginx's 497)
    plain = edge.raw(
        b"GET /api/venues HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", tls=False
    )
    assert plain.status == 400 and plain.json()["code"] == "bad_request"
    # 400: a header too large (nginx's 494)
    big = edge.raw(
        b"GET /api/venues HTTP/1.1\r\nHost: localhost\r\nX-Big: "
        + b"a" * 9000
        + b"\r\nConnection: close\r\n\r\n"
    )
    assert_nginx_error(big, 400, "bad_request")
    # 414: a request line over the header buffers
    long_uri = edge.request("GET", "/api/venues?x=" + "a" * 9000)
    assert_nginx_error(long_uri, 414, "uri_too_long")
    # 404: nothing there (the admin build is empty here)
    assert_nginx_error(edge.request("GET", "/nope"), 404, "not_found")
    assert_nginx_error(edge.request("GET", "/admin/assets/nope.js"), 404, "not_found")
    # 413: a body over 1 MB (declared: nginx answers before reading it)
    too_large = edge.raw(
        b"POST /api/rpc/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        b"Content-Length: 1100000\r\n\r\n"
    )
    assert_nginx_error(too_large, 413, "payload_too_large")
    # 5xx: the read upstream is down
    assert_nginx_error(
        edge.request("GET", "/api/rpc/available_slots?venue_id=1"), 503, "unavailable"
    )
    # the marketplace search goes to the read upstream too, whatever its spelling
    for path in (
        "/api/rpc/search_slots?lat=1",
        "/api/rpc//search_slots/",
        "/api/rpc/%73earch_slots",
    ):
        assert_nginx_error(edge.request("GET", path), 503, "unavailable")


def test_a_select_list_too_long_for_postgresql_is_a_400_at_nginx(edge: Edge) -> None:
    """1,700 items (PostgreSQL: at most 1664 result columns, 54011, a 500 in PostgREST)."""
    # (1,700 items with %2C commas would be over nginx's 8k request line: a 414)
    for select in (",".join(["id"] * 1700), "%2C".join(["id"] * 1200)):
        for path in ("/api/venues", "/api/rpc/available_slots", "/api/rpc/search_slots"):
            reply = edge.request("GET", f"{path}?select={select}")
            assert_nginx_error(reply, 400, "bad_request")
    ok = edge.request("GET", "/api/venues?select=id,name,courts(id,name)")
    assert ok.status == 200 and ok.json()["service"] == "pgrst"
