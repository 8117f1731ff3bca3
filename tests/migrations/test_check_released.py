"""db/bin/check-released refuses every edit to a released sqitch change, accepts a
proper rework (db/bin/rework), and fails loudly, never skips, when it cannot read the
released state from git.

Each case works on a scratch clone of this checkout (its history and its working
tree as it is), edits it, commits, and runs the check on it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrations.scratch import scratch_clone
from tests.support import db

ROOT = db.ROOT
CHECK = ROOT / "db" / "bin" / "check-released"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "courtbook",
    "GIT_AUTHOR_EMAIL": "dev@courtbook.invalid",
    "GIT_COMMITTER_NAME": "courtbook",
    "GIT_COMMITTER_EMAIL": "dev@courtbook.invalid",
    "SQITCH_FULLNAME": "courtbook",
    "SQITCH_EMAIL": "dev@courtbook.invalid",
}


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def git(repo: Path, *args: str) -> str:
    result = run("git", *args, cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def check(repo: Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, CHECK, repo, cwd=repo)


# A released change no 0.2 issue reworks (holds/hold_slots, the first example,
# was reworked for 0.2: its current source is no longer released).
EXAMPLE = "worker/worker_health"
# The latest tag of the plan: what db/bin/rework freezes a source under and names in
# the reworked wrapper (@v0.1.0 until @v0.2.0 was tagged).
LATEST_TAG = [
    line.split()[0]
    for line in (ROOT / "db" / "sqitch.plan").read_text().splitlines()
    if line.startswith("@")
][-1]


def released_source(path: str) -> str:
    """A file a change before the latest tag includes."""
    plan = (ROOT / "db" / "sqitch.plan").read_text()
    assert LATEST_TAG in plan
    assert (ROOT / path).is_file()
    return path


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    return scratch_clone(tmp_path / "courtbook")


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)


def test_this_checkout_has_every_released_change_intact() -> None:
    result = run(sys.executable, CHECK, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "intact" in result.stdout


def test_a_clean_clone_passes(clone: Path) -> None:
    commit_all(clone, "the working tree's tools")
    result = check(clone)
    assert result.returncode == 0, result.stdout + result.stderr


def test_editing_a_released_included_source_fails(clone: Path) -> None:
    source = released_source(f"functions/{EXAMPLE}.sql")
    path = clone / source
    path.write_text(path.read_text().replace("$$;", "$$;\n-- nowait", 1))
    commit_all(clone, "edit a released function in place")
    result = check(clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"change {EXAMPLE}" in result.stderr
    assert f"now {source}:" in result.stderr, result.stderr
    assert "nowait" in result.stderr


def test_editing_a_released_table_file_fails(clone: Path) -> None:
    source = released_source("sql/tables/booking.sql")
    path = clone / source
    path.write_text(path.read_text() + "\n-- a harmless looking comment\n")
    commit_all(clone, "edit a released table file")
    result = check(clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "change tables/booking" in result.stderr
    assert "a harmless looking comment" in result.stderr


def test_editing_a_released_revert_script_fails_even_uncommitted(clone: Path) -> None:
    path = clone / "db" / "revert" / f"{EXAMPLE}.sql"
    path.write_text(path.read_text().replace("commit;", "-- nothing\ncommit;"))
    result = check(clone)  # the working tree counts, not only commits
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"the revert script db/revert/{EXAMPLE}.sql" in result.stderr


def test_editing_a_released_plan_line_fails(clone: Path) -> None:
    plan = clone / "db" / "sqitch.plan"
    text = plan.read_text()
    assert "# btree_gist" in text
    plan.write_text(text.replace("# btree_gist", "# the extensions: btree_gist", 1))
    commit_all(clone, "reword a released plan note")
    result = check(clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the plan up to the tag line changed" in result.stderr


def test_a_rework_with_db_bin_rework_passes_and_freezes_the_released_source(
    clone: Path,
) -> None:
    result = run(clone / "db" / "bin" / "rework", EXAMPLE, "a test rework", cwd=clone)
    assert result.returncode == 0, result.stdout + result.stderr
    source = clone / "functions" / f"{EXAMPLE}.sql"
    frozen = clone / "functions" / f"{EXAMPLE}{LATEST_TAG}.sql"
    assert frozen.read_text() == source.read_text()
    source.write_text(source.read_text().replace("$$;", "$$;\n-- nowait", 1))
    commit_all(clone, f"rework {EXAMPLE}")
    result = check(clone)
    assert result.returncode == 0, result.stdout + result.stderr

    # ... and the frozen copy is as released as the original was.
    frozen.write_text(frozen.read_text() + "\n-- edited\n")
    result = check(clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"functions/{EXAMPLE}{LATEST_TAG}.sql" in result.stderr


def test_a_shallow_clone_fails_loudly(tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth", "1", ROOT.as_uri(), str(shallow))
    result = check(shallow)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "shallow" in result.stderr


def test_no_history_fails_loudly(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(export)], input=archive.stdout, check=True)
    result = check(export)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not a git checkout" in result.stderr


def test_a_tag_the_history_does_not_have_fails_loudly(clone: Path) -> None:
    plan = clone / "db" / "sqitch.plan"
    plan.write_text(
        plan.read_text().rstrip("\n")
        + "\n@v9.9.9 2026-12-01T00:00:00Z courtbook <dev@courtbook.invalid> # never committed\n"
    )
    result = check(clone)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "@v9.9.9" in result.stderr


def test_a_rework_whose_wrapper_is_the_released_one_fails(clone: Path) -> None:
    """sqitch's registry refuses a second instance with the same deploy script hash: a
    database deployed at the tag could not be upgraded (db/bin/rework marks the wrapper)."""
    result = run(clone / "db" / "bin" / "rework", EXAMPLE, "a test rework", cwd=clone)
    assert result.returncode == 0, result.stdout + result.stderr
    wrapper = clone / "db" / "deploy" / f"{EXAMPLE}.sql"
    lines = wrapper.read_text().splitlines(keepends=True)
    assert lines[1].startswith(f"-- Reworked after {LATEST_TAG}")
    wrapper.write_text("".join(lines[:1] + lines[2:]))
    commit_all(clone, "a rework without the marker")
    result = check(clone)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"change {EXAMPLE}: db/deploy/{EXAMPLE}.sql is byte for byte" in result.stderr
    assert "same script hash" in result.stderr
