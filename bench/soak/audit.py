"""The soak's audit (issue 22): run bench/soak/audit.sql, print one table,
exit 1 if a line is not 0.

.venv/bin/python -m bench.soak.audit postgresql://postgres@127.0.0.1:56000/courtbook
"""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg

AUDIT_SQL = Path(__file__).with_name("audit.sql")


def checks() -> list[tuple[str, str]]:
    """(name, query) for every "-- check: name" section of audit.sql."""
    out: list[tuple[str, str]] = []
    for part in AUDIT_SQL.read_text().split("-- check: ")[1:]:
        name, _, body = part.partition("\n")
        out.append((name.strip(), body.strip().rstrip(";")))
    return out


def run_audit(db_url: str) -> list[tuple[str, int]]:
    """Each check's number, in file order."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        return [(name, int(conn.execute(q).fetchone()[0])) for name, q in checks()]  # type: ignore[index]


def format_table(rows: list[tuple[str, int]]) -> str:
    width = max(len(n) for n, _ in rows)
    lines = [
        f"| {'check'.ljust(width)} | number | verdict |",
        f"|{'-' * (width + 2)}|--------|---------|",
    ]
    lines += [f"| {n.ljust(width)} | {v:>6} | {'ok' if v == 0 else 'FAIL':<7} |" for n, v in rows]
    return "\n".join(lines)


def main() -> int:
    rows = run_audit(sys.argv[1])
    print(format_table(rows))
    return 0 if all(v == 0 for _, v in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
