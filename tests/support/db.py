"""Throwaway databases for the tests.

`make test` starts its own PostgreSQL cluster and deploys the sqitch plan once
into a template database; each test module that needs a clean state clones the
template (``CREATE DATABASE ... TEMPLATE``), which takes a fraction of a second.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
JWT_SECRET = os.environ.get("JWT_SECRET", "local-dev-secret-change-me-0123456789abcdef")


def admin_url() -> str:
    """URL of the test cluster's `postgres` database (superuser, trusted on loopback)."""
    port = os.environ.get("COURTBOOK_TEST_PG_PORT", "54339")
    return os.environ.get(
        "COURTBOOK_TEST_PG_URL", f"postgresql://postgres@127.0.0.1:{port}/postgres"
    )


def url_for(dbname: str, user: str = "postgres") -> str:
    base = admin_url().rsplit("/", 1)[0]
    scheme, rest = base.split("://", 1)
    host = rest.split("@", 1)[-1]
    return f"{scheme}://{user}@{host}/{dbname}"


def template_name() -> str:
    return os.environ.get("COURTBOOK_TEST_TEMPLATE", "courtbook_template")


def ensure_template() -> str:
    """Deploy the sqitch plan into the template database once (db.sh is idempotent)."""
    name = template_name()
    env = dict(os.environ, JWT_SECRET=JWT_SECRET)
    subprocess.run([str(ROOT / "deploy/local/db.sh"), url_for(name)], check=True, env=env)
    return name


def create_database(prefix: str = "t", template: str | None = None) -> str:
    """Create a uniquely named database (from `template` when given); returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        if template:
            conn.execute(f'create database "{name}" template "{template}"')
        else:
            conn.execute(f'create database "{name}"')
    return url_for(name)


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
