"""deploy/backup and deploy/restore against the test cluster: backup -> restore -> compare.

The source database is a clone of the deployed courtbook template when the sqitch plan
deploys, else a plain database; either way it also gets a schema of our own with data
of many types, so the comparison never runs on empty tables.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.deploy.helpers import DEPLOY, base_env
from tests.support import db

BACKUP = DEPLOY / "backup"
RESTORE = DEPLOY / "restore"

FIXTURE_SQL = """
create schema bk;
create type bk.mood as enum ('calm', 'busy');
create table bk.item (
    id bigint generated always as identity primary key,
    name text not null unique,
    price_cents integer not null check (price_cents >= 0),
    tags text[] not null default '{}',
    meta jsonb,
    at timestamptz not null default now(),
    mood bk.mood,
    blob bytea,
    during tstzrange
);
create index item_meta on bk.item using gin (meta);
create table bk.child (
    item_id bigint references bk.item on delete cascade,
    n numeric(12, 4),
    primary key (item_id, n)
);
create view bk.expensive as select id, name from bk.item where price_cents > 500;
create function bk.total() returns bigint language sql stable
    as 'select sum(price_cents) from bk.item';
alter table bk.item enable row level security;
create policy item_read on bk.item for select using (true);
insert into bk.item (name, price_cents, tags, meta, mood, blob, during)
select 'item ' || g, g * 37 % 1000, array['t' || g % 3, 'x'],
       jsonb_build_object('g', g, 'q', 'a"b\\c'),
       (array['calm', 'busy'])[g % 2 + 1]::bk.mood, decode(md5(g::text), 'hex'),
       tstzrange(timestamptz '2026-03-29 00:00+00' + g * interval '1 hour',
                 timestamptz '2026-03-29 01:00+00' + g * interval '1 hour')
from generate_series(1, 500) g;
insert into bk.child select id, n / 7.0 from bk.item, generate_series(1, 3) n where id % 5 = 0;
"""


def _run(args: list[str], env: dict[str, str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, **kw)  # type: ignore[call-overload]


def _log_lines(stdout: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def source_db(request: pytest.FixtureRequest) -> Iterator[str]:
    template: str | None
    try:
        template = request.getfixturevalue("courtbook_template")
    except Exception:  # the plan is being written by others: fall back to a plain database
        template = None
    url = db.create_database("bk", template=template)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(FIXTURE_SQL)
    try:
        yield url
    finally:
        db.drop_database(url)


@pytest.fixture
def new_db() -> Iterator[str]:
    url = db.create_database("rs")
    try:
        yield url
    finally:
        db.drop_database(url)


def _schema(url: str) -> list[str]:
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "--dbname", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    # Noise: comments, blank lines and the random keys of \restrict / \unrestrict.
    return [
        line
        for line in dump.splitlines()
        if line.strip()
        and not line.startswith("--")
        and not line.startswith(("\\restrict", "\\unrestrict"))
    ]


def _data(url: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every user table."""
    out: dict[str, tuple[int, str]] = {}
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            """select format('%I.%I', n.nspname, c.relname)
               from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where c.relkind in ('r', 'p')
                 and n.nspname not in ('pg_catalog', 'information_schema')
                 and n.nspname not like 'pg_toast%'
               order by 1"""
        ).fetchall()
        for (table,) in tables:
            count, digest = conn.execute(
                f"select count(*), coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '')"
                f" from {table} t"
            ).fetchone()  # type: ignore[misc]
            out[table] = (count, digest)
    return out


def _backup(url: str, backup_dir: Path, **extra: str) -> tuple[Path, list[dict[str, str]]]:
    env = base_env(DATABASE_URL=url, BACKUP_DIR=str(backup_dir), **extra)
    env.pop("BACKUP_S3_URL", None) if "BACKUP_S3_URL" not in extra else None
    result = _run([str(BACKUP)], env)
    assert result.returncode == 0, result.stdout + result.stderr
    logs = _log_lines(result.stdout)
    assert logs[-1]["message"] == "backup done"
    return Path(logs[-1]["file"]), logs


def test_backup_restore_into_a_new_database_is_identical(
    source_db: str, new_db: str, tmp_path: Path
) -> None:
    dump, logs = _backup(source_db, tmp_path)
    assert dump.parent == tmp_path
    assert dump.name.startswith("courtbook-") and dump.name.endswith("Z.dump")
    assert len(dump.name) == len("courtbook-20260101T000000Z.dump")
    assert dump.read_bytes()[:5] == b"PGDMP"  # custom format
    assert dump.stat().st_mode & 0o077 == 0  # not readable by others
    assert int(logs[-1]["bytes"]) == dump.stat().st_size
    assert not list(tmp_path.glob("*.partial"))

    result = _run(
        [str(RESTORE), str(dump)], base_env(DATABASE_URL=new_db), stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr

    source_data = _data(source_db)
    assert source_data["bk.item"][0] == 500 and source_data["bk.child"][0] == 300
    assert _data(new_db) == source_data
    assert _schema(new_db) == _schema(source_db)
    with psycopg.connect(new_db) as conn:
        assert conn.execute("select bk.total()").fetchone() == (
            sum(g * 37 % 1000 for g in range(1, 501)),
        )
        # the identity goes on where the source left off
        conn.execute("insert into bk.item (name, price_cents) values ('new', 1)")
        assert conn.execute("select max(id) from bk.item").fetchone() == (501,)


def test_restore_over_a_damaged_database_brings_it_back(source_db: str, tmp_path: Path) -> None:
    target = db.create_database("rs")
    try:
        dump, _ = _backup(source_db, tmp_path)
        env = base_env(DATABASE_URL=target)
        assert _run([str(RESTORE), "--yes", str(dump)], env).returncode == 0
        expected_data, expected_schema = _data(target), _schema(target)
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute("delete from bk.item where id % 2 = 0")
            conn.execute("drop view bk.expensive")
            conn.execute("update bk.child set n = n + 1")
            conn.execute("drop index bk.item_meta")
        assert _data(target) != expected_data
        result = _run([str(RESTORE), "--yes", str(dump)], env)
        assert result.returncode == 0, result.stderr
        assert _data(target) == expected_data
        assert _schema(target) == expected_schema
    finally:
        db.drop_database(target)


def test_a_failed_restore_changes_nothing(source_db: str, tmp_path: Path) -> None:
    """An object made after the backup blocks --clean's DROP SCHEMA: all is rolled back."""
    target = db.create_database("rs")
    try:
        dump, _ = _backup(source_db, tmp_path)
        env = base_env(DATABASE_URL=target)
        assert _run([str(RESTORE), "--yes", str(dump)], env).returncode == 0
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute("delete from bk.item where id > 10")
            conn.execute("create table bk.stray (x int)")
        before_data, before_schema = _data(target), _schema(target)
        result = _run([str(RESTORE), "--yes", str(dump)], env)
        assert result.returncode != 0
        assert "cannot drop schema bk" in result.stderr
        assert _data(target) == before_data
        assert _schema(target) == before_schema
    finally:
        db.drop_database(target)


def test_restore_refuses_what_is_not_a_dump_and_changes_nothing(
    source_db: str, tmp_path: Path
) -> None:
    bogus = tmp_path / "courtbook-bogus.dump"
    bogus.write_text("select 1;")
    before = _data(source_db)
    result = _run([str(RESTORE), str(bogus)], base_env(DATABASE_URL=source_db))
    assert result.returncode != 0 and "not a pg_dump" in result.stderr
    assert _run([str(RESTORE)], base_env(DATABASE_URL=source_db)).returncode != 0
    assert _data(source_db) == before


def test_backup_prunes_only_its_own_old_dumps(source_db: str, tmp_path: Path) -> None:
    day = 86400
    now = time.time()
    old = tmp_path / "courtbook-20000101T000000Z.dump"
    stale_partial = tmp_path / "courtbook-20000102T000000Z.dump.partial"
    recent = tmp_path / "courtbook-20990101T000000Z.dump"
    unrelated = tmp_path / "notes.txt"
    for path, age_days in ((old, 20), (stale_partial, 20), (recent, 2), (unrelated, 400)):
        path.write_text("x")
        os.utime(path, (now - age_days * day, now - age_days * day))
    dump, logs = _backup(source_db, tmp_path, BACKUP_KEEP_DAYS="14")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [dump.name, recent.name, unrelated.name]
    )
    assert {entry["file"] for entry in logs if entry["message"] == "pruned"} == {
        str(old),
        str(stale_partial),
    }


def test_backup_uploads_when_s3_is_configured(source_db: str, tmp_path: Path) -> None:
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    calls = tmp_path / "aws-calls"
    (fake_bin / "aws").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {calls}\n')
    (fake_bin / "aws").chmod(0o755)
    backups = tmp_path / "backups"
    dump, logs = _backup(
        source_db,
        backups,
        BACKUP_S3_URL="s3://courtbook-backups/prod/",
        BACKUP_S3_ENDPOINT="https://s3.example.test",
        PATH=f"{fake_bin}:{os.environ['PATH']}",
    )
    assert calls.read_text().splitlines() == [
        "s3",
        "cp",
        "--only-show-errors",
        "--endpoint-url",
        "https://s3.example.test",
        str(dump),
        f"s3://courtbook-backups/prod/{dump.name}",
    ]
    assert any(entry["message"] == "uploaded" for entry in logs)


def test_backup_fails_loudly(tmp_path: Path) -> None:
    env = base_env(BACKUP_DIR=str(tmp_path), DATABASE_URL=db.url_for("no_such_database_xyz"))
    result = _run([str(BACKUP)], env)
    assert result.returncode != 0
    assert _log_lines(result.stdout)[-1]["level"] == "error"
    assert list(tmp_path.iterdir()) == []  # no partial file left behind
    env["BACKUP_KEEP_DAYS"] = "0"
    assert _run([str(BACKUP)], env).returncode != 0


def test_daemon_makes_a_first_backup_at_start(source_db: str, tmp_path: Path) -> None:
    env = base_env(DATABASE_URL=source_db, BACKUP_DIR=str(tmp_path), BACKUP_TIME="03:00")
    proc = subprocess.Popen(
        [str(BACKUP), "--daemon"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(tmp_path.glob("courtbook-*Z.dump")):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
        assert len(list(tmp_path.glob("courtbook-*Z.dump"))) == 1
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the daemon and its sleep: our own process group
        proc.wait(timeout=10)
