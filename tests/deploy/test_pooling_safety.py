"""docs/operations.md says PgBouncer in transaction mode is safe for our SQL because every
per-request setting is transaction-local. This keeps that true: no session-level
set_config, SET SESSION, session advisory lock or LISTEN in the database code."""

from __future__ import annotations

import re
from pathlib import Path

from tests.deploy.helpers import ROOT

SOURCES = [ROOT / "sql", ROOT / "functions", ROOT / "db" / "deploy"]
SESSION_STATE = {
    "set_config(..., false)": re.compile(
        r"set_config\s*\((?:[^()]|\([^()]*\))*?,\s*false\s*\)", re.IGNORECASE
    ),
    "SET SESSION": re.compile(r"\bset\s+session\b(?!\s+authorization\s+default)", re.IGNORECASE),
    "session advisory lock": re.compile(r"\bpg_(try_)?advisory_lock(_shared)?\s*\(", re.IGNORECASE),
    "LISTEN": re.compile(r"^\s*listen\s+\w+", re.IGNORECASE | re.MULTILINE),
}


def _strip_comments(sql: str) -> str:
    sql = re.sub(r"/\*.*?\*/", "", sql, flags=re.DOTALL)
    return re.sub(r"--[^\n]*", "", sql)


def test_database_code_keeps_no_session_state() -> None:
    files = [p for root in SOURCES if root.is_dir() for p in sorted(root.rglob("*.sql"))]
    problems = []
    for path in files:
        text = _strip_comments(path.read_text())
        for what, pattern in SESSION_STATE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: {what}: {match.group(0)[:60]}")
    assert not problems, "breaks transaction pooling:\n" + "\n".join(problems)


def test_the_pattern_finds_what_it_should() -> None:
    bad = "perform set_config('x', coalesce(a, 'b'), false); select pg_advisory_lock(1);"
    good = "perform set_config('x', coalesce(a, 'b'), true); select pg_advisory_xact_lock(1);"
    assert SESSION_STATE["set_config(..., false)"].search(bad)
    assert SESSION_STATE["session advisory lock"].search(bad)
    assert not any(p.search(good) for p in SESSION_STATE.values())
    assert Path(__file__).is_file()
