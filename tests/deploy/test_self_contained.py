"""Nothing in the project needs a folder outside it: a fresh clone is all there is.

Code, comments and docs point at files of the project (docs/API.md is the project's
copy of the apps' contract, docs/postgrest-contract.md of PostgREST's, and
tests/deploy/vendor/ holds the data files the tests check against).
"""

from __future__ import annotations

import re
import subprocess

from tests.support import db

OUTSIDE = re.compile(
    r"\.\./shared\b|/work/shared\b|(?<![\w./-])shared/(API|DESIGN|postgrest|vendor)"
    r"|[\"']shared[\"']\s*/"
)
# Released sqitch sources never change (db/bin/check-released), comments included.
FROZEN = {
    "functions/support/api_error.sql": "a -- comment of a released change",
    "sql/schemas.sql": "released; the comment is replaced by the schema_comments change",
    "db/revert/schema_comments.sql": "puts the released comment back",
    "tests/deploy/test_self_contained.py": "this test",
}


def test_no_file_points_outside_the_project() -> None:
    files = subprocess.run(
        ["git", "-C", str(db.ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    found = []
    for name in (f.decode() for f in files if f):
        path = db.ROOT / name
        if name in FROZEN or not path.is_file():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "files that point outside the project:\n" + "\n".join(found)
