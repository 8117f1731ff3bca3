"""Upgrading from every release ends exactly where a fresh deploy does.

For each tag of db/sqitch.plan: the tree at the commit that made the tag (git archive)
is deployed into a fresh database (`tagged`); a copy of it is upgraded with the current
plan (`upgraded`); the current plan is deployed fresh into another database (`fresh`).
`pg_dump` of `upgraded` and `fresh` (schema, and data with timestamps masked; the sqitch
registry left out) must be equal, and the pgTAP suite must pass on both. Then the
upgraded database is reverted to the tag and must equal `tagged` again.

A released change edited in place breaks the first comparison (the tagged deploy ran
the old text, the fresh one the new): `test_an_edit_in_place_is_caught` proves it on a
scratch clone. db/bin/check-released refuses the same edit before any database is
involved; this test also covers what no text comparison sees (a rework whose new revert
does not bring the released version back, a new change that breaks on top of an
upgraded database).
"""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.migrations.scratch import scratch_clone
from tests.support import db

ROOT = db.ROOT
PLAN = "db/sqitch.plan"
CHECK = ROOT / "db" / "bin" / "check-released"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, timeout=600
    )


def must(result: subprocess.CompletedProcess[str], what: str) -> str:
    """A step that must succeed: a failure fails the test with its output (never a skip)."""
    assert result.returncode == 0, f"{what} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    return result.stdout


def target(url: str) -> str:
    return "db:" + url.replace("postgresql:", "pg:", 1)


def tags(root: Path) -> list[tuple[str, str]]:
    """(tag name, exact plan line) of every tag in the plan of `root`'s working tree."""
    lines = (root / PLAN).read_text().splitlines()
    return [(line.split()[0][1:], line.strip()) for line in lines if line.startswith("@")]


def release_commit(root: Path, tag_line: str) -> str:
    """The commit where this exact tag line first appeared (as db/bin/check-released)."""
    shallow = must(run("git", "-C", root, "rev-parse", "--is-shallow-repository"), "git")
    assert shallow.strip() == "false", (
        "a shallow clone has no released trees: git fetch --unshallow"
    )
    log = must(
        run("git", "-C", root, "log", "--reverse", "--format=%H", "-S", tag_line, "--", PLAN),
        "git log",
    )
    for commit in log.split():
        plan = must(run("git", "-C", root, "show", f"{commit}:{PLAN}"), "git show")
        if tag_line in (line.strip() for line in plan.splitlines()):
            return commit
    raise AssertionError(f"no commit adds {tag_line!r} to {PLAN}")


def export_tree(root: Path, commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", commit], capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def sqitch(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run("sqitch", "-C", project / "db", *args)


def clone_database(source: str, prefix: str) -> str:
    return db.create_database(prefix, template=source.rsplit("/", 1)[1])


_NOISE = re.compile(r"^(--.*|\\(un)?restrict .*|)$")
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d(:\d\d)?)?")


def dump(url: str) -> list[str]:
    """pg_dump of everything but the sqitch registry, normalised: comments, blank lines
    and pg_dump's per-run \\restrict keys dropped, timestamps in the data masked (rows
    seeded by a migration carry the time it ran)."""
    out: list[str] = []
    for flag in ("--schema-only", "--data-only"):
        text = must(
            run("pg_dump", flag, "--no-tablespaces", "--exclude-schema=sqitch", url), "pg_dump"
        )
        for line in text.splitlines():
            if _NOISE.match(line):
                continue
            out.append(_TIMESTAMP.sub("<timestamp>", line) if flag == "--data-only" else line)
    return out


def differences(a: list[str], b: list[str], a_name: str, b_name: str) -> str:
    return "\n".join(difflib.unified_diff(a, b, a_name, b_name, n=3, lineterm=""))[:8000]


def pgtap(url: str) -> None:
    """The pgTAP suite on a copy of the database, set up as deploy/local/test.sh does."""
    copy = clone_database(url, "tap")
    try:
        must(
            run(
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                copy,
                "-f",
                ROOT / "tests/db/support/helpers.sql",
            ),
            "tests/db/support/helpers.sql",
        )
        files = sorted(str(p) for p in (ROOT / "tests" / "db").glob("*.sql"))
        result = run("pg_prove", "--failures", "-d", copy, *files, cwd=ROOT)
        assert result.returncode == 0 and "Result: PASS" in result.stdout, (
            f"pgTAP on {url}:\n{result.stdout[-4000:]}{result.stderr[-2000:]}"
        )
    finally:
        db.drop_database(copy)


@pytest.fixture
def databases() -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    for url in made:
        db.drop_database(url)


def upgrade_and_compare(
    project: Path, tag: str, tag_line: str, tmp: Path, made: list[str], run_pgtap: bool
) -> None:
    commit = release_commit(project, tag_line)
    released = export_tree(project, commit, tmp / f"at-{tag}")

    tagged = db.create_database("tagged")
    made.append(tagged)
    must(sqitch(released, "deploy", target(tagged)), f"sqitch deploy of @{tag} ({commit[:12]})")

    upgraded = clone_database(tagged, "upgraded")
    made.append(upgraded)
    must(sqitch(project, "deploy", target(upgraded)), f"sqitch deploy of the plan onto @{tag}")

    fresh = db.create_database("fresh")
    made.append(fresh)
    must(sqitch(project, "deploy", target(fresh)), "sqitch deploy of the plan, fresh")

    fresh_dump, upgraded_dump = dump(fresh), dump(upgraded)
    assert upgraded_dump == fresh_dump, (
        f"upgrading from @{tag} does not give what a fresh deploy gives "
        f"(a released change was edited, or a new change deploys differently on top "
        f"of the release):\n"
        + differences(fresh_dump, upgraded_dump, "fresh deploy", f"upgraded from @{tag}")
    )
    if run_pgtap:
        pgtap(fresh)
        pgtap(upgraded)

    must(sqitch(project, "revert", "-y", "--to", f"@{tag}", target(upgraded)), f"revert to @{tag}")
    tagged_dump, reverted_dump = dump(tagged), dump(upgraded)
    assert reverted_dump == tagged_dump, (
        f"reverting the upgraded database to @{tag} does not give the @{tag} deploy back "
        f"(a revert script does not undo its change):\n"
        + differences(tagged_dump, reverted_dump, f"@{tag} deployed", f"reverted to @{tag}")
    )


def test_the_plan_has_a_release() -> None:
    assert tags(ROOT), f"{PLAN} has no tag"


@pytest.mark.parametrize("tag,tag_line", tags(ROOT), ids=[t for t, _ in tags(ROOT)])
def test_upgrade_from_each_release(
    tag: str, tag_line: str, tmp_path: Path, databases: list[str]
) -> None:
    upgrade_and_compare(ROOT, tag, tag_line, tmp_path, databases, run_pgtap=True)


def test_an_edit_in_place_is_caught(tmp_path: Path, databases: list[str]) -> None:
    """The upgrade comparison fails on a scratch clone whose released function was
    edited in place (what db/bin/check-released refuses by text)."""
    clone = scratch_clone(tmp_path / "courtbook")
    # A released change no 0.2 issue reworks (its source is still the released one).
    source = clone / "functions" / "worker" / "worker_health.sql"
    assert not (clone / "db" / "deploy" / "worker" / "worker_health@v0.1.0.sql").exists()
    source.write_text(
        source.read_text()
        + "\ncomment on function internal.worker_health(integer) is 'edited in place';\n"
    )
    assert run(CHECK, clone).returncode == 1, "check-released refuses the edit too"

    tag, tag_line = tags(clone)[-1]
    with pytest.raises(AssertionError, match=f"upgrading from @{tag} does not give"):
        upgrade_and_compare(clone, tag, tag_line, tmp_path, databases, run_pgtap=False)
