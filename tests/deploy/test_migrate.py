"""deploy/sqitch/migrate.sh (compose's migrate service), run here against the test cluster."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.deploy.helpers import DEPLOY, ROOT, base_env
from tests.support import db

MIGRATE = DEPLOY / "sqitch" / "migrate.sh"
SECRETS = {
    "JWT_SECRET": "compose-test-secret-0123456789abcdef-xyz",
    "AUTHENTICATOR_PASSWORD": "authenticator-pw-0123456789",
    "WEBHOOK_DB_PASSWORD": "webhook-pw-0123456789abcdef",
    "WORKER_DB_PASSWORD": "worker-pw-0123456789abcdef",
}


@pytest.fixture(scope="module")
def empty_db() -> Iterator[str]:
    url = db.create_database("mg")
    try:
        yield url
    finally:
        db.drop_database(url)


def _env(url: str, **extra: str) -> dict[str, str]:
    parts = urlsplit(url)
    settings = {
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": parts.username or "postgres",
        "PGDATABASE": parts.path.lstrip("/"),
        "SQITCH_PROJECT_DIR": str(ROOT / "db"),
        "MIGRATE_WAIT_SECONDS": "3",
        **SECRETS,
    }
    settings.update(extra)
    return base_env(**settings)


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MIGRATE)], env=env, capture_output=True, text=True, timeout=300)


def test_migrate_deploys_the_plan_and_sets_the_secrets(empty_db: str) -> None:
    first = _run(_env(empty_db))
    assert first.returncode == 0, first.stdout + first.stderr
    # idempotent: a second run deploys nothing and succeeds
    second = _run(_env(empty_db))
    assert second.returncode == 0, second.stdout + second.stderr

    name = empty_db.rsplit("/", 1)[1]
    with psycopg.connect(empty_db) as conn:
        rows = conn.execute(
            """select rolname, rolcanlogin, rolpassword like 'SCRAM-SHA-256$%'
               from pg_authid
               where rolname in ('authenticator', 'webhook_service', 'worker_service')
               order by 1"""
        ).fetchall()
        assert rows == [
            ("authenticator", True, True),
            ("webhook_service", True, True),
            ("worker_service", True, True),
        ]
        settings = conn.execute(
            """select coalesce(string_agg(c, ','), '') from pg_db_role_setting s
               join pg_database d on d.oid = s.setdatabase, unnest(s.setconfig) c
               where d.datname = %s""",
            (name,),
        ).fetchone()
        # The signing secret is in the owner-only table, not in a setting any role reads.
        assert settings is not None and "jwt_secret" not in settings[0]
        stored = conn.execute("select secret from data.signing_key").fetchone()
        assert stored == (SECRETS["JWT_SECRET"],)
        readers = conn.execute(
            """select r from unnest(array['anon', 'player', 'owner', 'admin', 'authenticator',
                 'webhook_service', 'worker_service']) r
               where has_table_privilege(r, 'data.signing_key', 'select')
                  or has_function_privilege(r, 'data.sign_jwt(jsonb)', 'execute')
                  or has_function_privilege(r, 'data.set_jwt_secret(text)', 'execute')"""
        ).fetchall()
        assert readers == []
        assert conn.execute("select count(*) from sqitch.changes").fetchone()[0] > 0  # type: ignore[index]
    # no secret on the command lines the script runs or in its own output
    for secret in SECRETS.values():
        assert secret not in first.stdout + first.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"JWT_SECRET": "short"}, "JWT_SECRET must be at least 32 characters"),
        ({"WORKER_DB_PASSWORD": ""}, "WORKER_DB_PASSWORD is not set"),
        ({"AUTHENTICATOR_PASSWORD": "has spaces and @ signs!"}, "URL-safe"),
        ({"SQITCH_PROJECT_DIR": "/nonexistent"}, "no sqitch plan"),
        ({"PGPORT": "1"}, "not reachable"),
        # Secrets copied from .env.example are published with the code.
        ({"JWT_SECRET": "local-dev-secret-change-me-0123456789abcdef"}, "in .env.example"),
        ({"STRIPE_WEBHOOK_SECRET": "whsec_local_dev_secret"}, "published in .env.example"),
        ({"STRIPE_SECRET_KEY": "sk_test_local"}, "published in .env.example"),
    ],
)
def test_migrate_refuses_bad_settings(
    empty_db: str, override: dict[str, str], message: str
) -> None:
    result = _run(_env(empty_db, **override))
    assert result.returncode != 0
    assert message in result.stdout
