"""The schema cache: relations, columns, functions and role settings read from the catalog.

Loaded once at start and again on `NOTIFY pgrst, 'reload schema'`; requests never query the
catalog themselves.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import psycopg

from pgrst.relationships import RelationshipMap, load_relationships


@dataclass
class Column:
    name: str
    type: str  # format_type() text
    type_name: str  # pg_type.typname (for OpenAPI)
    category: str  # pg_type.typcategory
    nullable: bool
    has_default: bool
    default: str | None
    description: str | None
    enum: list[str] | None = None


@dataclass
class Table:
    schema: str
    name: str
    kind: str
    description: str | None
    insertable: bool
    updatable: bool
    deletable: bool
    columns: dict[str, Column] = field(default_factory=dict)
    pk: list[str] = field(default_factory=list)

    @property
    def is_plain_table(self) -> bool:
        return self.kind in ("r", "p")


@dataclass
class Param:
    name: str
    type: str
    type_name: str
    has_default: bool
    variadic: bool


@dataclass
class Function:
    schema: str
    name: str
    params: list[Param]
    volatility: str  # i, s, v
    returns_set: bool
    return_type: str
    return_kind: str  # "void" | "scalar" | "composite"
    return_columns: dict[str, Column]
    description: str | None
    return_table: tuple[str, str] | None = None  # the table/view whose row type it returns
    oid: int = 0

    @property
    def required(self) -> set[str]:
        return {p.name for p in self.params if not p.has_default}

    @property
    def all_names(self) -> set[str]:
        return {p.name for p in self.params}

    def signature(self) -> str:
        inner = ", ".join(f"{p.name} => {p.type}" for p in self.params)
        return f"{self.schema}.{self.name}({inner})"


@dataclass
class SchemaCache:
    tables: dict[tuple[str, str], Table] = field(default_factory=dict)
    functions: dict[tuple[str, str], list[Function]] = field(default_factory=dict)
    role_settings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    timezones: set[str] = field(default_factory=set)
    schema_descriptions: dict[str, str | None] = field(default_factory=dict)
    relationships: RelationshipMap = field(default_factory=RelationshipMap)

    def closest_table(self, schema: str, name: str) -> str | None:
        names = [t for (s, t) in self.tables if s == schema]
        return _closest(name, names)

    def closest_function(self, schema: str, name: str) -> str | None:
        names = [f for (s, f) in self.functions if s == schema]
        return _closest(name, names)


def _closest(word: str, options: list[str]) -> str | None:
    hits = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return hits[0] if hits else None


_TABLES_SQL = """
select n.nspname, c.relname, c.relkind::text, obj_description(c.oid, 'pg_class'),
       pg_relation_is_updatable(c.oid::regclass, true) as mask, c.oid
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any(%(schemas)s) and c.relkind in ('r', 'v', 'm', 'f', 'p')
order by n.nspname, c.relname
"""

_COLUMNS_SQL = """
select a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod),
       coalesce(bt.typname, t.typname), coalesce(bt.typcategory, t.typcategory)::text,
       not a.attnotnull, a.atthasdef, pg_get_expr(d.adbin, d.adrelid),
       col_description(a.attrelid, a.attnum),
       (select array_agg(e.enumlabel order by e.enumsortorder) from pg_enum e
         where e.enumtypid = a.atttypid)
from pg_attribute a
join pg_type t on t.oid = a.atttypid
left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where a.attrelid = any(%(oids)s) and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum
"""

_PK_SQL = """
select con.conrelid, array_agg(a.attname order by k.ord)
from pg_constraint con
cross join lateral unnest(con.conkey) with ordinality k(attnum, ord)
join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
where con.contype = 'p' and con.conrelid = any(%(oids)s)
group by con.conrelid
"""

_FUNCS_SQL = """
select n.nspname, p.proname, p.provolatile::text, p.proretset,
       format_type(p.prorettype, null), rt.typtype::text, rt.typrelid, p.pronargs,
       p.pronargdefaults, p.proargnames, p.proargmodes::text[],
       (select array_agg(format_type(x.t, null) order by x.o)
          from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality x(t, o)),
       (select array_agg(tt.typname::text order by x.o)
          from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality x(t, o)
          join pg_type tt on tt.oid = x.t),
       (select array_agg(tt.typcategory::text order by x.o)
          from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality x(t, o)
          join pg_type tt on tt.oid = x.t),
       p.provariadic <> 0, obj_description(p.oid, 'pg_proc'), p.prorettype = 'void'::regtype,
       p.oid
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_type rt on rt.oid = p.prorettype
where n.nspname = any(%(schemas)s) and p.prokind = 'f'
order by n.nspname, p.proname, p.oid
"""

_COMPOSITE_SQL = """
select c.oid, a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typcategory::text
from pg_class c
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
join pg_type t on t.oid = a.atttypid
where c.oid = any(%(oids)s)
order by c.oid, a.attnum
"""

_ROLE_SETTINGS_SQL = """
select r.rolname, s.setconfig
from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
order by s.setdatabase
"""

_SCHEMAS_SQL = """
select n.nspname, obj_description(n.oid, 'pg_namespace') from pg_namespace n
where n.nspname = any(%(schemas)s)
"""


async def load_schema_cache(
    conn: psycopg.AsyncConnection, schemas: list[str], extra_search_path: list[str] | None = None
) -> SchemaCache:
    cache = SchemaCache()
    cur = conn.cursor()
    await cur.execute(_SCHEMAS_SQL, {"schemas": schemas})
    for nsp, desc in await cur.fetchall():
        cache.schema_descriptions[nsp] = desc

    await cur.execute(_TABLES_SQL, {"schemas": schemas})
    by_oid: dict[int, Table] = {}
    for nsp, rel, kind, desc, mask, oid in await cur.fetchall():
        tbl = Table(nsp, rel, kind, desc, bool(mask & 8), bool(mask & 4), bool(mask & 16))
        cache.tables[(nsp, rel)] = tbl
        by_oid[oid] = tbl
    oids = list(by_oid)
    if oids:
        await cur.execute(_COLUMNS_SQL, {"oids": oids})
        for row in await cur.fetchall():
            relid, name, typ, typname, cat, nullable, hasdef, default, desc, enum = row
            by_oid[relid].columns[name] = Column(
                name, typ, typname, cat, nullable, hasdef, default, desc, enum
            )
        await cur.execute(_PK_SQL, {"oids": oids})
        for relid, cols in await cur.fetchall():
            by_oid[relid].pk = list(cols)

    await cur.execute(_FUNCS_SQL, {"schemas": schemas})
    rows = await cur.fetchall()
    comp_oids = list({r[6] for r in rows if r[6]})
    composite: dict[int, dict[str, Column]] = {}
    if comp_oids:
        await cur.execute(_COMPOSITE_SQL, {"oids": comp_oids})
        for oid, name, typ, typname, cat in await cur.fetchall():
            composite.setdefault(oid, {})[name] = Column(
                name, typ, typname, cat, True, False, None, None
            )
    for row in rows:
        (nsp, name, vol, retset, rettype, rtyptype, rtyprelid, nargs, ndefaults, argnames,
         argmodes, argtypes, argtypnames, argcats, variadic, desc, is_void,
         fn_oid) = row  # fmt: skip
        argtypes = argtypes or []
        argnames = argnames or []
        modes = argmodes or ["i"] * len(argtypes)
        inputs: list[tuple[str, str, str]] = []
        outputs: dict[str, Column] = {}
        for idx, mode in enumerate(modes):
            pname = argnames[idx] if idx < len(argnames) else ""
            if mode in ("i", "b", "v"):
                inputs.append((pname, argtypes[idx], argtypnames[idx]))
            if mode in ("o", "b", "t"):
                outputs[pname] = Column(
                    pname, argtypes[idx], argtypnames[idx], argcats[idx], True, False, None, None
                )
        params = [
            Param(pn, pt, ptn, idx >= len(inputs) - ndefaults, variadic and idx == len(inputs) - 1)
            for idx, (pn, pt, ptn) in enumerate(inputs)
        ]
        if is_void:
            kind, cols = "void", {}
        elif outputs and (len(outputs) > 1 or any(m == "t" for m in modes)):
            kind, cols = "composite", outputs
        elif rtyptype == "c" and rtyprelid:
            kind, cols = "composite", composite.get(rtyprelid, {})
        else:
            kind, cols = "scalar", {}
        ret_tbl = by_oid.get(rtyprelid) if kind == "composite" and rtyprelid else None
        fn = Function(nsp, name, params, vol, retset, rettype, kind, cols, desc,
                      (ret_tbl.schema, ret_tbl.name) if ret_tbl else None, fn_oid)  # fmt: skip
        cache.functions.setdefault((nsp, name), []).append(fn)

    cache.relationships = await load_relationships(
        cur, schemas, schemas + list(extra_search_path or [])
    )

    await cur.execute(_ROLE_SETTINGS_SQL)
    for rolname, setconfig in await cur.fetchall():
        lst = cache.role_settings.setdefault(rolname, [])
        for item in setconfig or []:
            k, _, v = item.partition("=")
            lst.append((k, v))

    await cur.execute(
        "select name from pg_timezone_names union select abbrev from pg_timezone_abbrevs"
    )
    cache.timezones = {r[0] for r in await cur.fetchall()}
    await conn.rollback() if not conn.autocommit else None
    return cache
