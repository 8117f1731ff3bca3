"""A scratch clone of this checkout: its full history, and its working tree as it is
now (tracked edits and untracked files carried over), so a test can edit, commit and
run the release checks on it without touching the checkout."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support import db

ROOT = db.ROOT


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    return result.stdout


def scratch_clone(into: Path) -> Path:
    head = git(ROOT, "rev-parse", "HEAD").decode().strip()
    git(into.parent, "clone", "--quiet", "--no-checkout", str(ROOT), str(into))
    git(into, "checkout", "--quiet", "--detach", head)
    diff = git(ROOT, "diff", "--binary", "HEAD")
    if diff:
        git(into, "apply", "--whitespace=nowarn", "-", stdin=diff)
    for name in git(ROOT, "ls-files", "--others", "--exclude-standard", "-z").split(b"\0"):
        if name:
            path = name.decode()
            (into / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / path, into / path)
    return into
