"""Parser for PostgREST's query-string grammar (select, filters, logic trees, order, ...).

Every parse failure is an `ApiError` 400 PGRST100, never an exception that becomes a 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from pgrst.errors import ApiError, query_param_error
from postgrest_compat.numbers import read_integer

# ---------------------------------------------------------------- data types

JsonStep = tuple[str, str | int]  # ("->" | "->>", key or index)


@dataclass
class Field:
    name: str
    path: list[JsonStep] = field(default_factory=list)

    @property
    def output_name(self) -> str:
        if self.path:
            last = self.path[-1][1]
            return str(last)
        return self.name


@dataclass
class SelectItem:
    field: Field | None  # None means `*`
    alias: str | None = None
    cast: str | None = None


@dataclass
class EmbedParams:
    """Filters, order and paging given for an embedded resource (`courts.sport=eq.padel`,
    `courts.order=name`, `courts.limit=2`)."""

    filters: list[Filter | LogicTree] = field(default_factory=list)
    order: list[OrderTerm] = field(default_factory=list)
    limit: int | None = None
    offset: int = 0


@dataclass
class Embed:
    """`alias:name!hint!inner(select)` in a select list: an embedded resource. The planner
    (pgrst.embedding) fills `rel` and `table` and moves the embed's parameters in."""

    name: str
    alias: str | None
    hint: str | None
    inner: bool
    select: list[SelectItem | Embed]
    params: EmbedParams = field(default_factory=lambda: EmbedParams())
    null_filter: bool | None = None  # `rel=is.null` (True) or `rel=not.is.null` (False)
    rel: Any = None  # pgrst.relationships.Relationship
    table: Any = None  # pgrst.schema_cache.Table

    @property
    def key(self) -> str:
        return self.alias or self.name


@dataclass
class Filter:
    field: Field
    op: str
    value: str | list[str] | None
    negate: bool = False
    quant: str | None = None  # "any" | "all"
    lang: str | None = None  # fts language


@dataclass
class LogicTree:
    op: str  # "and" | "or"
    children: list[Filter | LogicTree]
    negate: bool = False


@dataclass
class OrderTerm:
    field: Field
    direction: str | None = None  # "asc" | "desc"
    nulls: str | None = None  # "first" | "last"
    relation: str | None = None  # `rel(col)`: a column of an embedded to-one resource
    embed: Any = None  # the Embed it names (set by pgrst.embedding)


@dataclass
class QueryParams:
    select: list[SelectItem | Embed] | None = None
    filters: list[Filter | LogicTree] = field(default_factory=list)
    order: list[OrderTerm] = field(default_factory=list)
    embedded: dict[tuple[str, ...], EmbedParams] = field(default_factory=dict)
    limit: int | None = None
    offset: int = 0
    columns: list[str] | None = None
    on_conflict: list[str] | None = None
    rpc_args: dict[str, list[str]] = field(default_factory=dict)
    canonical: str = ""  # sorted query string, for Content-Location


SIMPLE_OPS = {
    "eq": "=",
    "neq": "<>",
    "gt": ">",
    "gte": ">=",
    "lt": "<",
    "lte": "<=",
    "like": "LIKE",
    "ilike": "ILIKE",
    "match": "~",
    "imatch": "~*",
    "cs": "@>",
    "cd": "<@",
    "ov": "&&",
    "sl": "<<",
    "sr": ">>",
    "nxr": "&<",
    "nxl": "&>",
    "adj": "-|-",
    "isdistinct": "IS DISTINCT FROM",
}
QUANTIFIABLE = {"eq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch"}
FTS_OPS = {"fts": "to_tsquery", "plfts": "plainto_tsquery", "phfts": "phraseto_tsquery",
           "wfts": "websearch_to_tsquery"}  # fmt: skip
IS_VALUES = {"null": "NULL", "not_null": "NOT NULL", "true": "TRUE", "false": "FALSE",
             "unknown": "UNKNOWN"}  # fmt: skip
ALL_OPS = set(SIMPLE_OPS) | set(FTS_OPS) | {"in", "is"}
RESERVED = {"select", "columns", "on_conflict"}
RESERVED_SUFFIXES = ("order", "limit", "offset", "and", "or")

_PLAIN_OPS = set(SIMPLE_OPS) - {"isdistinct"}
_CAST = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*(\[\])?$")


# ---------------------------------------------------------------- query string


def split_query(raw: str) -> list[tuple[str, str]]:
    """Split a raw query string like PostgREST: `+` is a space, keys without `=` are ignored."""
    out: list[tuple[str, str]] = []
    if not raw:
        return out
    for part in raw.split("&"):
        if "=" not in part:
            continue
        k, v = part.split("=", 1)
        out.append((unquote_plus(k, errors="replace"), unquote_plus(v, errors="replace")))
    return out


def looks_like_filter(value: str) -> bool:
    """PostgREST's test telling a filter value from an RPC argument (GET /rpc/fn): the part
    before the first `.` is `not` (with more after it), `is`, `in`, an operator or an FTS
    operator; or the part before `(` is an FTS operator."""
    parts = value.split(".")
    first = parts[0]
    if first == "not" and len(parts) > 1:
        return True
    if first in ("is", "in", "isdistinct") or first in _PLAIN_OPS or first in FTS_OPS:
        return True
    head = value.split("(", 1)
    return len(head) > 1 and head[0] in FTS_OPS


# ---------------------------------------------------------------- scanner


class _Scanner:
    def __init__(self, text: str, what: str) -> None:
        self.s = text
        self.i = 0
        self.what = what

    def fail(self, expecting: str) -> ApiError:
        if self.i >= len(self.s):
            unexpected = "end of input"
        else:
            unexpected = '"' + self.s[self.i] + '"'
        return query_param_error(
            f"{self.what} ({self.s})", f"unexpected {unexpected} expecting {expecting}", self.i + 1
        )

    def peek(self, n: int = 1) -> str:
        return self.s[self.i : self.i + n]

    def eof(self) -> bool:
        return self.i >= len(self.s)

    def accept(self, tok: str) -> bool:
        if self.s.startswith(tok, self.i):
            self.i += len(tok)
            return True
        return False

    def expect(self, tok: str, expecting: str | None = None) -> None:
        if not self.accept(tok):
            raise self.fail(expecting or f'"{tok}"')

    def quoted(self) -> str:
        # assumes current char is '"'
        self.i += 1
        buf: list[str] = []
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\" and self.i + 1 < len(self.s):
                buf.append(self.s[self.i + 1])
                self.i += 2
                continue
            if c == '"':
                self.i += 1
                return "".join(buf)
            buf.append(c)
            self.i += 1
        raise self.fail('"\\"" (closing quote)')

    def ident(self, stop: str, expecting: str = "field name") -> str:
        """A bare identifier: letters, digits, `_ $`, space and `-` not followed by `>`."""
        if self.peek() == '"':
            return self.quoted()
        start = self.i
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "-":
                if self.s.startswith("->", self.i):
                    break
                self.i += 1
                continue
            if c in stop:
                break
            if c.isalnum() or c in "_$ " or ord(c) > 127:
                self.i += 1
                continue
            break
        if self.i == start:
            raise self.fail(expecting)
        return self.s[start : self.i].strip() or self.s[start : self.i]

    def json_path(self, stop: str) -> list[JsonStep]:
        path: list[JsonStep] = []
        while self.s.startswith("->", self.i):
            arrow = "->>" if self.s.startswith("->>", self.i) else "->"
            self.i += len(arrow)
            # Parsec's `digit` (pJIdx in QueryParams.hs) is ASCII 0-9 only
            m = re.compile(r"-?[0-9]+").match(self.s, self.i)
            key: str | int
            if m and (m.end() == len(self.s) or self.s[m.end()] in stop + "-:"):
                key = int(m.group(0))
                self.i = m.end()
            else:
                key = self.ident(stop, "json key")
            path.append((arrow, key))
        return path

    def field(self, stop: str) -> Field:
        name = self.ident(stop)
        return Field(name, self.json_path(stop))


# ---------------------------------------------------------------- select


def parse_select(text: str) -> list[SelectItem | Embed]:
    if text.strip() == "":
        return [SelectItem(None)]
    sc = _Scanner(text, "select parameter")
    items = _select_list(sc, nested=False)
    return items


# One select list (the top level or one embed's) becomes one SQL target list, and
# PostgreSQL refuses more than 1664 entries ("target lists can have at most 1664
# entries", 54011, which PostgREST answers 500 under its `54*` row). The gateway
# refuses a longer list before the database with PGRST100 (400), as nginx does
# in front of the real PostgREST in production (issue 16: no 500 for any input).
MAX_SELECT_ITEMS = 1000


def _select_list(sc: _Scanner, nested: bool) -> list[SelectItem | Embed]:
    items: list[SelectItem | Embed] = []
    if nested and sc.peek() == ")":
        return items
    while True:
        if len(items) == MAX_SELECT_ITEMS:
            raise query_param_error(
                "select parameter",
                f"more than {MAX_SELECT_ITEMS} items in one select list",
                sc.i + 1,
            )
        items.append(_select_item(sc))
        if nested and sc.peek() == ")":
            return items
        if sc.eof():
            if nested:
                raise sc.fail('"," or ")"')
            return items
        if not sc.accept(","):
            raise sc.fail('"," or ")"' if nested else '"," or end of input')


def _select_item(sc: _Scanner) -> SelectItem | Embed:
    stop = ",:()!.>"
    if sc.accept("*"):
        return SelectItem(None)
    if sc.peek(3) == "...":
        raise _embed_error(sc)
    alias: str | None = None
    first = sc.ident(stop)
    if sc.peek() == ":" and sc.peek(2) != "::":
        sc.i += 1
        alias = first
        first = sc.ident(stop)
    if sc.peek() in ("(", "!"):
        return _embed(sc, first, alias)
    if sc.peek() == ".":
        # aggregates like col.count() or count()
        raise ApiError(400, "PGRST123", "Use of aggregate functions is not allowed")
    fld = Field(first, sc.json_path(stop))
    cast = None
    if sc.accept("::"):
        cs = sc.i
        while not sc.eof() and sc.peek() not in ",()":
            sc.i += 1
        cast = sc.s[cs : sc.i].strip()
        if not _CAST.match(cast):
            sc.i = cs
            raise sc.fail("cast type")
    return SelectItem(fld, alias, cast)


def _embed(sc: _Scanner, name: str, alias: str | None) -> Embed:
    """`name!hint!inner(...)`: PostgREST's `!inner`/`!left` join types and one hint."""
    hint: str | None = None
    inner = False
    while sc.accept("!"):
        word = sc.ident(",:()!.>", "hint or join type")
        if word in ("inner", "left"):
            inner = word == "inner"
        elif hint is None:
            hint = word
        else:
            raise sc.fail('"("')
    sc.expect("(", '"("')
    items = _select_list(sc, nested=True)
    sc.expect(")", '")"')
    return Embed(name, alias, hint, inner, items)


def _embed_error(sc: _Scanner, name: str | None = None) -> ApiError:
    # pgrst keeps no relationships in its schema cache: every embed is "not found".
    target = name or sc.s[sc.i :].lstrip(".").split("(", 1)[0]
    return ApiError(
        400,
        "PGRST200",
        f"Could not find a relationship between '{{table}}' and '{target}' in the schema cache",
        f"Searched for a foreign key relationship between '{{table}}' and '{target}' in the "
        "schema '{schema}', but no matches were found.",
    )


# ---------------------------------------------------------------- filters


def parse_filter_value(fld: Field, text: str, label: str | None = None) -> Filter:
    sc = _Scanner(text, f"filter ({label if label is not None else text})")
    sc.what = "filter"
    return _filter_body(sc, fld, in_logic=False)


def _filter_body(sc: _Scanner, fld: Field, in_logic: bool) -> Filter:
    negate = sc.accept("not.")
    m = re.compile(r"[a-z]+").match(sc.s, sc.i)
    op = m.group(0) if m else ""
    if op not in ALL_OPS:
        raise sc.fail('"not" or operator (eq, gt, ...)')
    sc.i += len(op)
    quant = None
    lang = None
    if sc.peek() == "(":
        if op in FTS_OPS:
            sc.i += 1
            ls = sc.i
            while not sc.eof() and sc.peek() != ")":
                sc.i += 1
            lang = sc.s[ls : sc.i]
            sc.expect(")")
        elif op in QUANTIFIABLE:
            if sc.accept("(any)"):
                quant = "any"
            elif sc.accept("(all)"):
                quant = "all"
            else:
                raise sc.fail('"(any)" or "(all)"')
    sc.expect(".", '"."')
    if op == "in":
        return Filter(fld, op, _in_list(sc), negate)
    if op == "is":
        vs = sc.i
        if in_logic:
            while not sc.eof() and sc.peek() not in ",)":
                sc.i += 1
        else:
            sc.i = len(sc.s)
        val = sc.s[vs : sc.i].lower()
        if val not in IS_VALUES:
            sc.i = vs
            raise sc.fail("null or trilean value (unknown, true, false)")
        return Filter(fld, op, val, negate)
    if in_logic:
        value = _logic_value(sc)
    else:
        value = sc.s[sc.i :]
        sc.i = len(sc.s)
    return Filter(fld, op, value, negate, quant, lang)


def _in_list(sc: _Scanner) -> list[str]:
    sc.expect("(", '"("')
    vals: list[str] = []
    if sc.accept(")"):
        return vals
    while True:
        if sc.peek() == '"':
            vals.append(sc.quoted())
        else:
            vs = sc.i
            while not sc.eof() and sc.peek() not in ",)":
                sc.i += 1
            vals.append(sc.s[vs : sc.i])
        if sc.accept(","):
            continue
        sc.expect(")", '"," or ")"')
        return vals


def _logic_value(sc: _Scanner) -> str:
    if sc.peek() == '"':
        return sc.quoted()
    if sc.peek() == "{":
        vs = sc.i
        depth = 0
        while not sc.eof():
            c = sc.peek()
            sc.i += 1
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return sc.s[vs : sc.i]
        raise sc.fail('"}"')
    vs = sc.i
    while not sc.eof() and sc.peek() not in ",)":
        sc.i += 1
    return sc.s[vs : sc.i]


def parse_logic(key_op: str, negate: bool, text: str) -> LogicTree:
    sc = _Scanner(text, "logic tree")
    tree = _logic_children(sc, key_op, negate)
    if not sc.eof():
        raise sc.fail("end of input")
    return tree


def _logic_children(sc: _Scanner, op: str, negate: bool) -> LogicTree:
    sc.expect("(", '"("')
    children: list[Filter | LogicTree] = []
    while True:
        start = sc.i
        sub_neg = sc.accept("not.")
        sub = None
        for kw in ("and", "or"):
            if sc.s.startswith(kw + "(", sc.i):
                sc.i += len(kw)
                sub = _logic_children(sc, kw, sub_neg)
                break
        if sub is None:
            sc.i = start
            fld = sc.field(",.():")
            sc.expect(".", '"."')
            children.append(_filter_body(sc, fld, in_logic=True))
        else:
            children.append(sub)
        if sc.accept(","):
            continue
        sc.expect(")", '"," or ")"')
        return LogicTree(op, children, negate)


# ---------------------------------------------------------------- order / columns


def parse_order(text: str) -> list[OrderTerm]:
    sc = _Scanner(text, "order")
    terms: list[OrderTerm] = []
    while True:
        relation = None
        if sc.peek() != '"' and re.compile(r"[^,.]*\(").match(sc.s, sc.i):
            relation = sc.ident(",.(")
            sc.expect("(", '"("')
            fld = sc.field(",.)")
            sc.expect(")", '")"')
        else:
            fld = sc.field(",.")
        term = OrderTerm(fld, relation=relation)
        while sc.accept("."):
            if sc.accept("asc"):
                term.direction = "asc"
            elif sc.accept("desc"):
                term.direction = "desc"
            elif sc.accept("nullsfirst"):
                term.nulls = "first"
            elif sc.accept("nullslast"):
                term.nulls = "last"
            else:
                raise sc.fail('"asc", "desc", "nullsfirst" or "nullslast"')
        terms.append(term)
        if sc.eof():
            return terms
        if not sc.accept(","):
            raise sc.fail('"," or end of input')


def parse_columns(text: str, what: str = "columns parameter") -> list[str]:
    sc = _Scanner(text, what)
    cols: list[str] = []
    while True:
        cols.append(sc.ident(",()"))
        if sc.eof():
            return cols
        if not sc.accept(","):
            raise sc.fail('"," or end of input')


# ---------------------------------------------------------------- entry point


def _parse_int(val: str) -> int | None:
    # PostgREST's readMaybe: ASCII digits only (a Unicode digit is no number; ignored)
    return read_integer(val)


def parse_query(raw: str, *, rpc_get: bool = False) -> QueryParams:
    """Parse the whole query string. For GET/HEAD RPC, non-filter params become arguments."""
    qp = QueryParams()
    pairs = split_query(raw)
    parts = [p for p in raw.split("&") if "=" in p] if raw else []
    qp.canonical = "&".join(sorted(parts, key=lambda p: unquote_plus(p.split("=", 1)[0])))
    for key, val in pairs:
        if key == "select":
            qp.select = parse_select(val)
        elif key == "columns":
            qp.columns = parse_columns(val)
        elif key == "on_conflict":
            qp.on_conflict = parse_columns(val, "on_conflict parameter")
        elif key == "order":
            qp.order = parse_order(val)
        elif key == "limit":
            # like PostgREST (readMaybe): a limit that is not an integer is ignored
            n = _parse_int(val)
            if n is not None:
                qp.limit = n
        elif key == "offset":
            n = _parse_int(val)
            if n is not None and n >= 0:
                qp.offset = n
        elif key in ("or", "and", "not.or", "not.and"):
            neg = key.startswith("not.")
            op = key.rsplit(".", 1)[-1]
            qp.filters.append(parse_logic(op, neg, val))
        elif key.endswith(RESERVED_SUFFIXES) and "." in key:
            _embedded_param(qp, key, val)
        else:
            if rpc_get and not looks_like_filter(val):
                qp.rpc_args.setdefault(key, []).append(val)
                continue
            sc = _Scanner(key, f"filter ({val})")
            sc.what = "filter"
            path: list[str] = []
            fld = sc.field(".")
            while sc.peek() == "." and not fld.path:
                sc.i += 1
                path.append(fld.name)
                fld = sc.field(".")
            if not sc.eof():
                raise sc.fail("end of input")
            flt = parse_filter_value(fld, val, val)
            if path:
                qp.embedded.setdefault(tuple(path), EmbedParams()).filters.append(flt)
            else:
                qp.filters.append(flt)
    return qp


def _embedded_param(qp: QueryParams, key: str, val: str) -> None:
    """`courts.order=…`, `courts.limit=…`, `courts.offset=…`, `courts.or=(…)`,
    `courts.not.and=(…)`, also nested (`courts.slots.order=…`)."""
    head, op = key.rsplit(".", 1)
    negate = False
    if op in ("or", "and") and head.endswith(".not"):
        head, negate = head[: -len(".not")], True
    params = qp.embedded.setdefault(tuple(head.split(".")), EmbedParams())
    if op == "order":
        params.order = parse_order(val)
    elif op == "limit":
        n = _parse_int(val)
        if n is not None:
            params.limit = n
    elif op == "offset":
        n = _parse_int(val)
        if n is not None and n >= 0:
            params.offset = n
    else:
        params.filters.append(parse_logic(op, negate, val))


def not_embedded(resource: str) -> ApiError:
    return ApiError(
        400,
        "PGRST108",
        f"'{resource}' is not an embedded resource in this request",
        None,
        f"Verify that '{resource}' is included in the 'select' query parameter.",
    )
