"""sqitch deploy → revert → deploy → verify gives a correct database at every step,
and reverting one database leaves the cluster-wide roles other databases use."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import psycopg
import pytest

from tests.support import db

ROLES = ["anon", "player", "owner", "admin", "authenticator", "webhook_service", "worker_service"]


def sqitch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sqitch", *args], cwd=db.ROOT / "db", capture_output=True, text=True, check=False
    )


def target(url: str) -> str:
    return "db:" + url.replace("postgresql:", "pg:", 1)


@pytest.fixture
def two_databases(courtbook_template: str) -> Iterator[tuple[str, str]]:
    first, second = db.create_database("sq"), db.create_database("sq")
    yield first, second
    db.drop_database(first)
    db.drop_database(second)


def count_objects(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "select count(*) from pg_class where relnamespace in "
            "('data'::regnamespace, 'api'::regnamespace)"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_deploy_revert_deploy_verify(two_databases: tuple[str, str]) -> None:
    first, second = two_databases
    for url in (first, second):
        result = sqitch("deploy", target(url))
        assert result.returncode == 0, result.stdout + result.stderr
    deployed = count_objects(first)
    assert deployed > 20

    result = sqitch("revert", "-y", target(first))
    assert result.returncode == 0, result.stdout + result.stderr
    with psycopg.connect(first) as conn:
        schemas = conn.execute(
            "select count(*) from pg_namespace where nspname in ('data', 'api', 'internal')"
        ).fetchone()
        roles = conn.execute(
            "select array_agg(rolname::text order by rolname) from pg_roles"
            " where rolname = any(%s)",
            (ROLES,),
        ).fetchone()
    assert schemas == (0,), "revert leaves no courtbook schema behind"
    assert roles is not None and sorted(roles[0]) == sorted(ROLES), (
        "roles another database still uses survive the revert"
    )

    # The other database still works as the API roles.
    with psycopg.connect(second) as conn:
        conn.execute("select set_config('role', 'anon', false)")
        # A wrong login is answered (its failure is recorded for throttling), not raised.
        answer = conn.execute("select api.login('nobody@example.test', 'wrongpass1')").fetchone()
        assert answer is not None and answer[0]["code"] == "invalid_credentials"
        with pytest.raises(psycopg.Error) as raised:
            conn.execute("select api.refresh_session('not-a-refresh-token')")
        assert raised.value.sqlstate == "PGRST"
        assert '"session_revoked"' in str(raised.value)

    result = sqitch("deploy", target(first))
    assert result.returncode == 0, result.stdout + result.stderr
    assert count_objects(first) == deployed, "a redeploy rebuilds exactly what was there"
    result = sqitch("verify", target(first))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Verify successful" in result.stdout
