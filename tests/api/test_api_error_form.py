"""Every error the apps see is raised in the form PostgREST accepts (issue 18): with
`RAISE SQLSTATE 'PGRST'`, MESSAGE must be a JSON object with string `code` and `message`
(`details`, `hint` strings or null) and DETAIL a JSON object with an integer `status` and a
`headers` object of strings (docs: references/errors.rst, "Raise errors with HTTP Status
Codes"); anything else is 500 PGRST121 on PostgREST. courtbook raises through
data.api_error / data.api_error_with_headers (functions/support/): these tests hold the
helpers' output to that form, and every call site in the deployed functions to arguments
that cannot make it invalid (a literal code and status, a message that cannot be null)."""

from __future__ import annotations

import re

import psycopg
import pytest

from postgrest_compat.errors import from_raise_pgrst

CALL = re.compile(r"data\.api_error(?:_with_headers)?\s*\(", re.I)
CODE = re.compile(r"^'[a-z_]+'$")
STATUS = re.compile(r"^[1-5][0-9][0-9]$")
# a literal, format(...), or a literal concatenated with a NOT NULL column or argument name
MESSAGE = re.compile(r"^('([^']|'')*'|format\(.*\))(\s*\|\|.*)?$|^[a-z_]+\s*\|\|\s*'.*'$", re.S)


def _args(src: str, start: int) -> list[str]:
    """The top-level arguments of the call whose `(` is at src[start - 1]."""
    depth, i, cur, out, quoted = 0, start, [], [], False
    while i < len(src):
        c = src[i]
        if quoted:
            cur.append(c)
            if c == "'":
                if src[i + 1 : i + 2] == "'":
                    cur.append("'")
                    i += 1
                else:
                    quoted = False
        elif c == "'":
            quoted = True
            cur.append(c)
        elif c == "(":
            depth += 1
            cur.append(c)
        elif c == ")":
            if depth == 0:
                out.append("".join(cur).strip())
                return out
            depth -= 1
            cur.append(c)
        elif c == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    raise AssertionError("unbalanced call")


def call_sites(conn: psycopg.Connection) -> list[tuple[str, list[str]]]:
    rows = conn.execute(
        "select p.oid::regprocedure::text, p.prosrc from pg_proc p "
        "join pg_namespace n on n.oid = p.pronamespace "
        "where n.nspname in ('api', 'data', 'internal') and p.prosrc ~* 'data\\.api_error'"
    ).fetchall()
    return [(fn, _args(src, m.end())) for fn, src in rows for m in CALL.finditer(src)]


def test_every_call_site_passes_a_literal_code_status_and_a_non_null_message(
    courtbook_db: str,
) -> None:
    with psycopg.connect(courtbook_db) as conn:
        sites = call_sites(conn)
    assert len(sites) > 50, "the scan found the call sites"
    bad = [
        (fn, args)
        for fn, args in sites
        if not (CODE.match(args[0]) and MESSAGE.match(args[1]) and STATUS.match(args[2]))
    ]
    assert bad == []


def _raised(conn: psycopg.Connection, sql: str) -> tuple[str | None, str | None]:
    with pytest.raises(psycopg.Error) as exc:
        conn.execute(sql)
    conn.rollback()
    assert exc.value.sqlstate == "PGRST"
    return exc.value.diag.message_primary, exc.value.diag.message_detail


@pytest.mark.parametrize(
    ("sql", "status", "details", "headers"),
    [
        ("select data.api_error('slot_unavailable', 'Taken', 409)", 409, None, []),
        ("select data.api_error('slot_unavailable', 'Taken', 409, '11,12', 'Pick another')",
         409, "11,12", []),
        ("select data.api_error_with_headers('too_many_holds', 'Wait', 429, "
         "jsonb_build_object('Retry-After', 900, 'X-None', null))",
         429, None, [("Retry-After", "900")]),
    ],
)  # fmt: skip
def test_the_helpers_raise_what_postgrest_accepts(
    courtbook_db: str, sql: str, status: int, details: str | None, headers: list[tuple[str, str]]
) -> None:
    with psycopg.connect(courtbook_db) as conn:
        message, detail = _raised(conn, sql)
    err = from_raise_pgrst(message, detail)
    assert (err.status, err.code != "PGRST121", err.details, err.headers) == (
        status, True, details, headers,
    )  # fmt: skip
