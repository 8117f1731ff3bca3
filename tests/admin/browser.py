"""What the admin panel's browser tests share (tests/admin/test_admin_*.py): one stack
per test module (a fresh database, pgrst, the webhook service against a local Stripe,
nginx serving admin/dist) and one headless Debian Chromium driven by Playwright with its
executable path set (no browser download). tests/admin/conftest.py makes the fixtures
available to every module here."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_LOCAL = ROOT / "deploy" / "nginx" / "run-local.sh"
WEBHOOK_SECRET = "whsec_admin_browser_test"
ADMIN_DIST = Path(os.environ.get("COURTBOOK_ADMIN_DIST", ROOT / "admin" / "dist"))
CHROMIUM = os.environ.get("COURTBOOK_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-GB",
]

PASSWORD = "browser-test-pass-1"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nginx did not listen on {port}")


@dataclass
class User:
    email: str
    user_id: str
    token: str


@dataclass
class Stack:
    db_url: str  # superuser
    pgrst: str  # direct pgrst base URL (for set-up and checks "through the API")
    base: str  # https://127.0.0.1:PORT (nginx)
    owner: User
    other_owner: User
    player: User
    admin_email: str
    other_venue_id: int
    other_venue_name: str
    localstripe: object

    def api(self, method: str, path: str, token: str | None = None, **kw) -> httpx.Response:
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.request(method, self.pgrst + path, headers=headers, timeout=10, **kw)

    def sql(self, query: str, *args: object) -> list[tuple]:
        with psycopg.connect(self.db_url, autocommit=True) as conn:
            cur = conn.execute(query, args or None)
            return cur.fetchall() if cur.description else []


def _signup(pgrst: str, role: str, name: str) -> User:
    email = f"{role}-{uuid.uuid4().hex[:8]}@browser.test"
    r = httpx.post(
        pgrst + "/rpc/signup",
        json={"email": email, "password": PASSWORD, "full_name": name, "role": role},
        timeout=10,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    return User(email, body["user_id"], body["token"])


@pytest.fixture(scope="module")
def stack(courtbook_db: str) -> Iterator[Stack]:
    if not (ADMIN_DIST / "index.html").exists():
        pytest.fail(f"no admin build in {ADMIN_DIST}: run admin/build.sh (make test does)")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (deploy/local/setup.sh does)")
    import uvicorn

    from tests.support.db import JWT_SECRET
    from tests.support.localstripe_server import LocalStripe
    from tests.support.pgrst_server import COURTBOOK_PRE_REQUEST, start_pgrst
    from webhook.app import create_app
    from webhook.config import Settings

    auth_url = re.sub(r"^(postgresql://)[^@/]+@", r"\1authenticator@", courtbook_db)
    pgrst = start_pgrst(auth_url, jwt_secret=JWT_SECRET, pre_request=COURTBOOK_PRE_REQUEST)
    prefix = Path(tempfile.mkdtemp(prefix="courtbook-admin-nginx-"))
    prefix.chmod(0o755)
    https_port = _free_port()
    base = f"https://127.0.0.1:{https_port}"

    # The webhook service (Connect onboarding) in-process on a free port, against a
    # local Stripe, as tests/webhook/test_end_to_end.py runs it.
    ls = LocalStripe()
    ls.__enter__()
    webhook_port = _free_port()
    settings = Settings(
        database_url=re.sub(r"^(postgresql://)[^@/]+@", r"\1webhook_service@", courtbook_db),
        jwt_secret=JWT_SECRET,
        stripe_secret_key=ls.secret_key,
        stripe_publishable_key="pk_test_courtbook",
        stripe_webhook_secret=WEBHOOK_SECRET,
        stripe_api_base=ls.api_base,
        connect_refresh_url=f"{base}/admin/",
        connect_return_url=f"{base}/admin/",
        stripe_max_retries=0,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=webhook_port,
            log_config=None,
            access_log=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, (
            "the webhook service did not start"
        )
        time.sleep(0.05)
    ls.register_webhook(
        "courtbook", f"http://127.0.0.1:{webhook_port}/stripe/webhook", WEBHOOK_SECRET
    )
    env = dict(os.environ)
    env.pop("NGINX_HTTP_PORT", None)
    env.update(
        NGINX_PREFIX=str(prefix),
        NGINX_HTTPS_PORT=str(https_port),
        NGINX_PGRST_UPSTREAM=pgrst.removeprefix("http://"),
        NGINX_PGRST_READ_UPSTREAM=pgrst.removeprefix("http://"),
        NGINX_WEBHOOK_UPSTREAM=f"127.0.0.1:{webhook_port}",
        NGINX_ADMIN_ROOT=str(ADMIN_DIST),
    )
    log = open(prefix / "nginx.log", "wb")
    nginx = subprocess.Popen([str(RUN_LOCAL)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(https_port, nginx)
        owner = _signup(pgrst, "owner", "Olga Owner")
        other = _signup(pgrst, "owner", "Otto Other")
        player = _signup(pgrst, "player", "Pia Player")
        admin_email = f"admin-{uuid.uuid4().hex[:8]}@browser.test"
        with psycopg.connect(courtbook_db, autocommit=True) as conn:
            conn.execute(
                "insert into data.app_user (email, password_hash, full_name, role) "
                "values (%s, public.crypt(%s, public.gen_salt('bf', 6)), 'Ada Admin', 'admin')",
                (admin_email, PASSWORD),
            )
            # The owners' venues here are published at once (venue publication is
            # tested in tests/db/43_venue_publication.sql and tests/api): players
            # hold at them in these journeys.
            conn.execute("update data.platform_settings set venue_review_required = false")
        other_name = f"Other Club {uuid.uuid4().hex[:4]}"
        r = httpx.post(
            pgrst + "/rpc/create_venue",
            headers={"Authorization": f"Bearer {other.token}"},
            json={
                "name": other_name,
                "address": "1 Elsewhere St",
                "city": "Lisbon",
                "lat": 38.72,
                "lng": -9.14,
                "timezone": "Europe/Lisbon",
                "currency": "EUR",
            },
            timeout=10,
        )
        assert r.status_code == 200, r.text
        yield Stack(
            db_url=courtbook_db,
            pgrst=str(pgrst),
            base=base,
            owner=owner,
            other_owner=other,
            player=player,
            admin_email=admin_email,
            other_venue_id=r.json()["venue_id"],
            other_venue_name=other_name,
            localstripe=ls,
        )
    finally:
        if nginx.poll() is None:
            nginx.terminate()
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait(timeout=5)
        log.close()
        server.should_exit = True
        thread.join(10)
        ls.__exit__(None, None, None)
        pgrst.stop()
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture(scope="module")
def browser_context(stack: Stack):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    for stale in SHOTS.glob("FAILED-*.png"):
        stale.unlink()
    profile = tempfile.mkdtemp(prefix="courtbook-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            ignore_https_errors=True,  # run-local.sh's self-signed certificate
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
            timezone_id="America/Los_Angeles",  # not the venue's zone, on purpose
        )
        context.set_default_timeout(15000)
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page(browser_context):
    pg = browser_context.pages[0] if browser_context.pages else browser_context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    assert not errors, f"JavaScript errors in the page: {errors}"


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"admin-{name}.png"), full_page=True)


def fill_new_venue(page, name: str, address: str, lat: str, lng: str) -> None:
    """The New venue form's required fields, for a venue in Madrid paid in euros."""
    page.get_by_role("link", name="New venue").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Address").fill(address)
    page.get_by_label("City").fill("Madrid")
    page.get_by_label("Latitude").fill(lat)
    page.get_by_label("Longitude").fill(lng)
    page.get_by_label("Time zone").fill("Europe/Madrid")
    page.get_by_label("Currency").fill("EUR")


def login(page, stack: Stack, email: str) -> None:
    page.goto(stack.base + "/admin/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def logout(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in").wait_for()
