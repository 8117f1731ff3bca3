"""Build parameterised SQL from parsed requests.

Values are always bind parameters (`$n`); identifiers come from the schema cache and are
double-quoted. Only integers (limit/offset) and fixed keywords are inlined.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import orjson

from pgrst.errors import ApiError
from pgrst.negotiation import CONTENT_TYPES, Kind
from pgrst.query_params import (
    FTS_OPS,
    IS_VALUES,
    SIMPLE_OPS,
    Embed,
    Field,
    Filter,
    LogicTree,
    OrderTerm,
    SelectItem,
)
from pgrst.schema_cache import Column, Function, Table


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qi(schema: str, name: str) -> str:
    return f"{ident(schema)}.{ident(name)}"


@dataclass
class Sql:
    """SQL text with numbered placeholders ($1, $2, ...): the order of fragments in the text
    never matters, and a fragment may be repeated (e.g. a call inside a count subquery)."""

    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    aliases: int = 0

    def alias(self) -> str:
        """A fresh alias for an embedded resource's relation."""
        self.aliases += 1
        return f'"pgrst_{self.aliases}"'

    def param(self, value: Any, cast: str | None = None) -> str:
        self.params.append(value)
        n = len(self.params)
        return f"${n}::{cast}" if cast else f"${n}"


@dataclass
class Target:
    """What columns can be referenced and how they are qualified in SQL."""

    label: str  # name used in PG-like error messages (table or function name)
    qualifier: str  # SQL prefix, e.g. "api"."t"
    columns: dict[str, Column]
    check_columns: bool = True


def column_error(target: Target, name: str) -> ApiError:
    return ApiError(400, "42703", f"column {target.label}.{name} does not exist")


def field_sql(sql: Sql, target: Target, fld: Field) -> str:
    if target.check_columns and fld.name not in target.columns:
        raise column_error(target, fld.name)
    expr = f"{target.qualifier}.{ident(fld.name)}"
    for arrow, key in fld.path:
        if isinstance(key, int):
            expr = f"{expr}{arrow}{sql.param(key, 'int')}"
        else:
            expr = f"{expr}{arrow}{sql.param(key, 'text')}"
    return expr


def select_sql(sql: Sql, target: Target, items: list[SelectItem | Embed] | None) -> str:
    if not items:
        return f"{target.qualifier}.*"
    out: list[str] = []
    for item in items:
        if isinstance(item, Embed):
            if item.select:  # an empty embed `rel()` only filters (docs: "Empty Embed")
                out.append(f"{embed_sql(sql, target, item)} AS {ident(item.key)}")
            continue
        if item.field is None:
            out.append(f"{target.qualifier}.*")
            continue
        expr = field_sql(sql, target, item.field)
        if item.cast:
            expr = f"CAST({expr} AS {item.cast})"
        out.append(f"{expr} AS {ident(item.alias or item.field.output_name)}")
    return ", ".join(out)


def output_names(target: Target, items: list[SelectItem | Embed] | None) -> list[str]:
    if not items:
        return list(target.columns)
    names: list[str] = []
    for item in items:
        if isinstance(item, Embed):
            if item.select:
                names.append(item.key)
        elif item.field is None:
            names.extend(target.columns)
        else:
            names.append(item.alias or item.field.output_name)
    return names


# ------------------------------------------------------------------ embedding


def _embed_from(sql: Sql, parent: Target, embed: Embed) -> tuple[Target, str, list[str]]:
    """(target, FROM item, conditions) of an embedded resource: the join on the relationship's
    columns, the embed's own filters and its `!inner` children."""
    tbl = embed.table
    alias = sql.alias()
    tgt = Target(tbl.name, alias, tbl.columns)
    conds = [
        f"{alias}.{ident(fcol)} = {parent.qualifier}.{ident(col)}"
        for col, fcol in embed.rel.columns
    ]
    conds += [filter_sql(sql, tgt, f) for f in embed.params.filters]
    conds += inner_conditions(sql, tgt, embed.select)
    return tgt, f"{qi(tbl.schema, tbl.name)} AS {alias}", conds


def embed_sql(sql: Sql, parent: Target, embed: Embed) -> str:
    """The embedded resource as a correlated subquery: a JSON object (or null) for a to-one
    relationship, a JSON array for a to-many one, in the embed's order and page."""
    tgt, frm, conds = _embed_from(sql, parent, embed)
    sel = select_sql(sql, tgt, embed.select)
    src = f"SELECT {sel} FROM {frm} WHERE {' AND '.join(conds)}"
    if embed.rel.to_one:
        return f"(SELECT row_to_json(_pgrst_e) FROM ({src}) _pgrst_e)"
    src += order_sql(sql, tgt, embed.params.order)
    src += limit_sql(embed.params.limit, embed.params.offset)
    return f"(SELECT coalesce(json_agg(_pgrst_e), '[]') FROM ({src}) _pgrst_e)"


def inner_conditions(sql: Sql, parent: Target, items: list[SelectItem | Embed] | None) -> list[str]:
    """`!inner` embeds keep only the rows that have a matching embedded row."""
    out = []
    for item in items or []:
        if isinstance(item, Embed) and (item.inner or item.null_filter is not None):
            _, frm, conds = _embed_from(sql, parent, item)
            negate = "NOT " if item.null_filter else ""
            out.append(f"{negate}EXISTS (SELECT 1 FROM {frm} WHERE {' AND '.join(conds)})")
    return out


def _pg_array_literal(values: list[str]) -> str:
    parts = []
    for v in values:
        parts.append('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(parts) + "}"


def filter_sql(sql: Sql, target: Target, flt: Filter | LogicTree) -> str:
    if isinstance(flt, LogicTree):
        joiner = " OR " if flt.op == "or" else " AND "
        inner = joiner.join(filter_sql(sql, target, c) for c in flt.children)
        expr = f"({inner})" if flt.children else ("FALSE" if flt.op == "or" else "TRUE")
        return f"NOT {expr}" if flt.negate else expr
    lhs = field_sql(sql, target, flt.field)
    op = flt.op
    if op == "in":
        assert isinstance(flt.value, list)
        expr = f"{lhs} = ANY({sql.param(_pg_array_literal(flt.value))})"
    elif op == "is":
        assert isinstance(flt.value, str)
        expr = f"{lhs} IS {IS_VALUES[flt.value]}"
    elif op in FTS_OPS:
        col = target.columns.get(flt.field.name)
        is_tsvector = col is not None and not flt.field.path and col.type == "tsvector"
        if flt.lang is not None:
            lang = sql.param(flt.lang, "regconfig")
            query = f"{FTS_OPS[op]}({lang}, {sql.param(flt.value)})"
            vec = lhs if is_tsvector else f"to_tsvector({sql.param(flt.lang, 'regconfig')}, {lhs})"
        else:
            query = f"{FTS_OPS[op]}({sql.param(flt.value)})"
            vec = lhs if is_tsvector else f"to_tsvector({lhs})"
        expr = f"{vec} @@ {query}"
    else:
        sym = SIMPLE_OPS[op]
        value = flt.value
        assert isinstance(value, str)
        if op in ("like", "ilike"):
            value = value.replace("*", "%")
        if flt.quant:
            if op in ("like", "ilike"):
                value = value.replace("*", "%")
            expr = f"{lhs} {sym} {flt.quant.upper()}({sql.param(value)})"
        else:
            expr = f"{lhs} {sym} {sql.param(value)}"
    return f"NOT ({expr})" if flt.negate else expr


def where_sql(
    sql: Sql,
    target: Target,
    filters: list[Filter | LogicTree],
    select: list[SelectItem | Embed] | None = None,
) -> str:
    conds = [filter_sql(sql, target, f) for f in filters] + inner_conditions(sql, target, select)
    return " WHERE " + " AND ".join(conds) if conds else ""


def order_sql(sql: Sql, target: Target, terms: list[OrderTerm]) -> str:
    if not terms:
        return ""
    parts = []
    for t in terms:
        if t.embed is not None:  # `order=rel(col)`: the embedded to-one row's column
            etgt, frm, conds = _embed_from(sql, target, t.embed)
            expr = (
                f"(SELECT {field_sql(sql, etgt, t.field)} FROM {frm} WHERE {' AND '.join(conds)})"
            )
        else:
            expr = field_sql(sql, target, t.field)
        if t.direction:
            expr += " " + t.direction.upper()
        if t.nulls:
            expr += " NULLS " + t.nulls.upper()
        parts.append(expr)
    return " ORDER BY " + ", ".join(parts)


def limit_sql(limit: int | None, offset: int) -> str:
    out = ""
    if limit is not None:
        out += f" LIMIT {int(limit)}"
    if offset:
        out += f" OFFSET {int(offset)}"
    return out


# ------------------------------------------------------------------ wrappers


class Body(StrEnum):
    """How the statement renders its rows into the response body."""

    ARRAY = "array"
    SINGLE = "single"
    SCALAR = "scalar"
    SCALAR_SET = "scalar_set"
    CSV = "csv"
    NONE = "none"
    ARRAY_STRIP = "array_strip"
    SINGLE_STRIP = "single_strip"

    @classmethod
    def of(cls, kind: Kind) -> Body:
        """The body a negotiated response kind asks for."""
        return _BODY_OF_KIND[kind]

    @property
    def is_json(self) -> bool:
        return self in (Body.ARRAY, Body.SINGLE, Body.ARRAY_STRIP, Body.SINGLE_STRIP)

    @property
    def content_type(self) -> bytes:
        return CONTENT_TYPES[_KIND_OF_BODY.get(self, Kind.JSON)]


_BODY_OF_KIND = {
    Kind.JSON: Body.ARRAY,
    Kind.SINGLE: Body.SINGLE,
    Kind.JSON_STRIP: Body.ARRAY_STRIP,
    Kind.SINGLE_STRIP: Body.SINGLE_STRIP,
    Kind.CSV: Body.CSV,
}
_KIND_OF_BODY = {b: k for k, b in _BODY_OF_KIND.items()}

BODY_EXPR = {
    Body.ARRAY: "coalesce(json_agg(_postgrest_t), '[]')::text",
    Body.SINGLE: "coalesce(json_agg(_postgrest_t)->0, 'null')::text",
    Body.SCALAR: "coalesce(json_agg(_postgrest_t.pgrst_scalar)->0, 'null')::text",
    Body.SCALAR_SET: "coalesce(json_agg(_postgrest_t.pgrst_scalar), '[]')::text",
    Body.CSV: "coalesce(string_agg(substring(_postgrest_t::text, 2, "
    "length(_postgrest_t::text) - 2), E'\\n'), '')",
    Body.NONE: "''",
    # Accept: application/vnd.pgrst.{array,object}+json;nulls=stripped
    Body.ARRAY_STRIP: "json_strip_nulls(coalesce(json_agg(_postgrest_t), '[]'))::text",
    Body.SINGLE_STRIP: "coalesce(json_strip_nulls(json_agg(_postgrest_t)->0), 'null')::text",
}


@dataclass
class ReadSpec:
    """What a read asks for: columns, filters, order, the page, the body and the count."""

    select: list[SelectItem | Embed] | None = None
    filters: list[Filter | LogicTree] = field(default_factory=list)
    order: list[OrderTerm] = field(default_factory=list)
    limit: int | None = None
    offset: int = 0
    body: Body = Body.ARRAY
    count: bool = False


@dataclass
class Returning:
    """What a write gives back: the columns of the affected rows (when `need_rows`), as
    `body`."""

    select: list[SelectItem | Embed] | None
    body: Body
    need_rows: bool


@dataclass
class RpcArgs:
    """A function's arguments: named (JSON values, converted with json_to_record semantics),
    or `raw_json`, the whole body for a single unnamed json/jsonb parameter."""

    named: dict[str, Any] | None = None
    raw_json: str | None = None


def wrap(source: str, body: Body, total: str = "NULL::bigint", outer_select: str = "*") -> str:
    """The final statement: one row (total, page_total, body, response headers, status)."""
    return (
        f"WITH pgrst_source AS ({source}) "
        f"SELECT {total} AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, "
        f"{BODY_EXPR[body]} AS body, "
        "nullif(current_setting('response.headers', true), '') AS response_headers, "
        "nullif(current_setting('response.status', true), '') AS response_status "
        f"FROM (SELECT {outer_select} FROM pgrst_source) _postgrest_t"
    )


def table_target(table: Table) -> Target:
    return Target(table.name, qi(table.schema, table.name), table.columns)


def build_read(table: Table, spec: ReadSpec) -> Sql:
    tgt = table_target(table)
    return _read_over(Sql(), tgt, tgt.qualifier, spec)


def _read_over(sql: Sql, tgt: Target, source: str, spec: ReadSpec) -> Sql:
    """A read with PostgREST's semantics over `source` (a table, or a function call
    in the FROM list): select, filters, order, limit/offset and an exact count that
    runs the same FROM and WHERE without the paging."""
    sel = select_sql(sql, tgt, spec.select)
    where = where_sql(sql, tgt, spec.filters, spec.select)
    paging = limit_sql(spec.limit, spec.offset)
    src = f"SELECT {sel} FROM {source}{where}{order_sql(sql, tgt, spec.order)}{paging}"
    total = f"(SELECT pg_catalog.count(*) FROM {source}{where})" if spec.count else "NULL::bigint"
    return Sql([wrap(src, spec.body, total)], sql.params)


def _returning(table: Table, need_rows: bool) -> str:
    return f" RETURNING {qi(table.schema, table.name)}.*" if need_rows else " RETURNING 1"


def _check_write_columns(table: Table, columns: list[str]) -> None:
    for c in columns:
        if c not in table.columns:
            raise ApiError(
                400,
                "PGRST204",
                f"Could not find the '{c}' column of '{table.name}' in the schema cache",
            )


def build_insert(
    table: Table,
    columns: list[str],
    payload_json: str,
    ret: Returning,
    *,
    on_conflict: list[str] | None = None,
    resolution: str | None = None,
) -> Sql:
    sql = Sql()
    tq = qi(table.schema, table.name)
    _check_write_columns(table, columns)
    cols = ", ".join(ident(c) for c in columns)
    if columns:
        ins = (
            f"INSERT INTO {tq} ({cols}) SELECT {cols} FROM "
            f"json_populate_recordset(NULL::{tq}, {sql.param(payload_json, 'json')}) _"
        )
    else:
        ins = f"INSERT INTO {tq} DEFAULT VALUES"
    conflict_cols = on_conflict or table.pk
    track = bool(resolution and conflict_cols and table.is_plain_table)
    if resolution and conflict_cols:
        for c in conflict_cols:
            if c not in table.columns:
                raise column_error(table_target(table), c)
        target = ", ".join(ident(c) for c in conflict_cols)
        if resolution == "merge-duplicates" and columns:
            sets = ", ".join(f"{ident(c)} = EXCLUDED.{ident(c)}" for c in columns)
            ins += f" ON CONFLICT ({target}) DO UPDATE SET {sets}"
        else:
            ins += f" ON CONFLICT ({target}) DO NOTHING"
    ins += _returning(table, ret.need_rows)
    if track:
        # xmax = 0 only for freshly inserted rows: tells inserts from updates for the status
        ins += ", (xmax = 0) AS pgrst_inserted"
        if ret.need_rows and not ret.select:
            ret = Returning([SelectItem(Field(c)) for c in table.columns], ret.body, True)
    return _finish_write(sql, table, ins, ret, track)


def build_update(
    table: Table,
    columns: list[str],
    payload_json: str,
    filters: list[Filter | LogicTree],
    ret: Returning,
) -> Sql:
    sql = Sql()
    tq = qi(table.schema, table.name)
    _check_write_columns(table, columns)
    if not columns:
        return _finish_write(sql, table, f"SELECT {tq}.* FROM {tq} WHERE FALSE", ret)
    sets = ", ".join(f"{ident(c)} = _.{ident(c)}" for c in columns)
    upd = (
        f"UPDATE {tq} SET {sets} FROM (SELECT * FROM json_populate_record(NULL::{tq}, "
        f"{sql.param(payload_json, 'json')})) _"
    )
    upd += where_sql(sql, table_target(table), filters) + _returning(table, ret.need_rows)
    return _finish_write(sql, table, upd, ret)


def build_delete(table: Table, filters: list[Filter | LogicTree], ret: Returning) -> Sql:
    sql = Sql()
    src = f"DELETE FROM {qi(table.schema, table.name)}"
    src += where_sql(sql, table_target(table), filters) + _returning(table, ret.need_rows)
    return _finish_write(sql, table, src, ret)


def _finish_write(
    sql: Sql, table: Table, src: str, ret: Returning, track_inserted: bool = False
) -> Sql:
    """Writes report the affected row count as total_result_set, or, for upserts, the number
    of inserted rows."""
    outer = "*"
    if ret.need_rows:
        outer = select_sql(sql, Target(table.name, "pgrst_source", table.columns), ret.select)
    total = "pg_catalog.count(_postgrest_t)"
    if track_inserted:
        total = "(SELECT pg_catalog.count(*) FROM pgrst_source WHERE pgrst_source.pgrst_inserted)"
    return Sql([wrap(src, ret.body, total, outer)], sql.params)


# ------------------------------------------------------------------ RPC


def _rpc_call(sql: Sql, fn: Function, args: RpcArgs) -> tuple[str, str]:
    """(FROM item producing the arguments or "", the function call expression)."""
    fq = qi(fn.schema, fn.name)
    if args.raw_json is not None:
        return "", f"{fq}({sql.param(args.raw_json, fn.params[0].type)})"
    if args.named:
        params = {p.name: p for p in fn.params}
        named = args.named
        coldefs = ", ".join(f"{ident(k)} {params[k].type}" for k in named)
        call = ", ".join(
            f"{'VARIADIC ' if params[k].variadic else ''}{ident(k)} := _.{ident(k)}" for k in named
        )
        frm = f"json_to_record({sql.param(orjson.dumps(named).decode(), 'json')}) AS _({coldefs})"
        return frm, f"{fq}({call})"
    return "", f"{fq}()"


def _rpc_from(frm: str, call: str, alias: str) -> str:
    return f"{frm}, LATERAL {call} AS {alias}" if frm else f"{call} AS {alias}"


def _rpc_target(fn: Function, alias: str) -> Target:
    return Target(fn.name, alias, fn.return_columns, check_columns=bool(fn.return_columns))


def explain_count_table(table: Table, filters: list[Filter | LogicTree]) -> Sql:
    """EXPLAIN of the count query, for Prefer: count=planned|estimated."""
    sql = Sql()
    tgt = table_target(table)
    where = where_sql(sql, tgt, filters)
    return Sql([f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {tgt.qualifier}{where}"], sql.params)


def explain_count_rpc(fn: Function, args: RpcArgs, filters: list[Filter | LogicTree]) -> Sql:
    sql = Sql()
    frm, call = _rpc_call(sql, fn, args)
    alias = ident(fn.name) if fn.return_kind == "composite" else "pgrst_scalar"
    where = ""
    if fn.return_kind == "composite":
        where = where_sql(sql, _rpc_target(fn, alias), filters)
    return Sql(
        [f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {_rpc_from(frm, call, alias)}{where}"], sql.params
    )


def build_rpc(fn: Function, args: RpcArgs, spec: ReadSpec) -> Sql:
    """Call `fn`; results of composite type get the whole read `spec`."""
    sql = Sql()
    frm, call = _rpc_call(sql, fn, args)

    if fn.return_kind in ("scalar", "void"):
        if fn.returns_set:
            src = f"SELECT pgrst_scalar FROM {_rpc_from(frm, call, 'pgrst_scalar')}"
            body = Body.SCALAR_SET if spec.body.is_json else spec.body
        else:
            src = f"SELECT {call} AS pgrst_scalar" + (f" FROM {frm}" if frm else "")
            body = Body.SCALAR if spec.body.is_json else spec.body
        if fn.return_kind == "void":
            body = Body.NONE
        return Sql([wrap(src, body)], sql.params)

    # composite / setof composite / TABLE: full read semantics on the result
    alias = ident(fn.name)
    if not fn.returns_set and spec.body in (Body.ARRAY, Body.ARRAY_STRIP):
        body = Body.SINGLE_STRIP if spec.body is Body.ARRAY_STRIP else Body.SINGLE
        spec = replace(spec, body=body)
    # the count runs the call again without limit/offset (same placeholders)
    return _read_over(sql, _rpc_target(fn, alias), _rpc_from(frm, call, alias), spec)
