"""Relationships for resource embedding, inferred as PostgREST's schema cache infers them.

PostgREST (docs: references/api/resource_embedding.rst, "Foreign Key Joins", "Foreign Key Joins
on Views", "... on Chains of Views"; source: SchemaCache.hs `allM2OandO2ORels`,
`allViewsKeyDependencies`, `addViewM2OAndO2ORels`, `addInverseRels`, `removeInternal`):

- every foreign key gives a many-to-one relationship (one-to-one when its columns are the
  primary key or a unique key of the referencing table) and its inverse one-to-many;
- a view inherits the foreign keys of its base tables when it exposes all of their columns:
  the view's columns are traced to base-table columns through the view's stored query
  (`pg_rewrite.ev_action`, each top-level target entry's `resorigtbl`/`resorigcol`), through
  chains of views in the exposed schemas and the extra search path;
- relationships are table-table, view-table, table-view and view-view, and only those whose
  two ends are in an exposed schema are kept.

Many-to-many (junction tables) and computed relationships are not inferred (docs/pgrst.md).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import psycopg

QName = tuple[str, str]  # (schema, name)

CARD_ORDER = {"o2m": 0, "m2o": 1, "o2o": 2}
CARD_TEXT = {"o2m": "one-to-many", "m2o": "many-to-one", "o2o": "one-to-one"}


@dataclass(frozen=True)
class Relationship:
    table: QName
    foreign: QName
    is_self: bool
    card: str  # "m2o" | "o2m" | "o2o"
    constraint: str
    columns: tuple[tuple[str, str], ...]  # (column of table, column of foreign)
    is_parent: bool = False  # o2o: the referenced side
    table_is_view: bool = False
    foreign_is_view: bool = False

    @property
    def to_one(self) -> bool:
        return self.card in ("m2o", "o2o")

    def sort_key(self) -> tuple[Any, ...]:
        return (self.table, self.foreign, self.is_self, CARD_ORDER[self.card], self.constraint,
                self.columns, self.is_parent, self.table_is_view, self.foreign_is_view)  # fmt: skip

    def described(self) -> dict[str, str]:
        """An entry of PGRST201's details (PostgREST's `compressedRel`)."""
        own = "(" + ", ".join(c for c, _ in self.columns) + ")"
        other = "(" + ", ".join(f for _, f in self.columns) + ")"
        return {
            "cardinality": CARD_TEXT[self.card],
            "embedding": f"{self.table[1]} with {self.foreign[1]}",
            "relationship": f"{self.constraint} using {self.table[1]}{own} and "
            f"{self.foreign[1]}{other}",
        }


@dataclass
class RelationshipMap:
    """Relationships by their origin (schema, name); the foreign end is in the same schema."""

    by_origin: dict[QName, list[Relationship]] = field(default_factory=dict)


_FKS_SQL = """
select con.conname, con.conrelid, ns1.nspname, c1.relname, con.confrelid, ns2.nspname,
       c2.relname, con.conkey::int[], con.confkey::int[],
       array(select a.attname::text from unnest(con.conkey) with ordinality k(n, o)
             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o),
       array(select a.attname::text from unnest(con.confkey) with ordinality k(n, o)
             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.o),
       exists(select 1 from pg_constraint u
              where u.conrelid = con.conrelid and u.contype in ('p', 'u')
                and (select array_agg(x order by x) from unnest(u.conkey) x)
                  = (select array_agg(x order by x) from unnest(con.conkey) x))
from pg_constraint con
join pg_class c1 on c1.oid = con.conrelid
join pg_namespace ns1 on ns1.oid = c1.relnamespace
join pg_class c2 on c2.oid = con.confrelid
join pg_namespace ns2 on ns2.oid = c2.relnamespace
where con.contype = 'f' and not c1.relispartition and not c2.relispartition
order by con.conrelid, con.conname
"""

_VIEWS_SQL = """
select c.oid, n.nspname, c.relname, r.ev_action::text,
       array(select a.attname::text from pg_attribute a
             where a.attrelid = c.oid and a.attnum > 0 order by a.attnum)
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_rewrite r on r.ev_class = c.oid and r.rulename = '_RETURN'
where c.relkind in ('v', 'm') and n.nspname = any(%(schemas)s)
"""

# ---------------------------------------------------------------- pg_node_tree reading

_TOKEN = re.compile(r"\s*(\{|\}|\(|\)|(?:\\.|[^\s{}()\\])+|\\)", re.S)


def _tokens(text: str) -> list[str]:
    return [m.group(1) for m in _TOKEN.finditer(text)]


def _parse_nodes(tokens: list[str], i: int) -> tuple[Any, int]:
    """One value at tokens[i]: a node `{NAME :k v …}` (dict), a list `( … )`, or an atom."""
    tok = tokens[i]
    if tok == "{":
        node: dict[str, Any] = {"_": tokens[i + 1]}
        i += 2
        key: str | None = None
        while tokens[i] != "}":
            t = tokens[i]
            if t.startswith(":") and t not in ("{", "("):
                key = t[1:]
                node[key] = None
                i += 1
                continue
            val, i = _parse_nodes(tokens, i)
            if key is not None:
                node[key] = val if node[key] is None else node[key]
        return node, i + 1
    if tok == "(":
        items: list[Any] = []
        i += 1
        while tokens[i] != ")":
            val, i = _parse_nodes(tokens, i)
            items.append(val)
        return items, i + 1
    return tok, i + 1


def view_column_origins(ev_action: str) -> dict[int, tuple[int, int]]:
    """{view column number: (origin relation oid, origin column number)} for the columns of
    the view's top-level select list that are plain references to a relation's column."""
    try:
        tokens = _tokens(ev_action)
        tree, _ = _parse_nodes(tokens, 0)
    except (IndexError, ValueError):
        return {}
    query = tree[0] if isinstance(tree, list) and tree else tree
    if not isinstance(query, dict):
        return {}
    out: dict[int, tuple[int, int]] = {}
    for entry in query.get("targetList") or []:
        if not isinstance(entry, dict) or entry.get("resjunk") == "true":
            continue
        try:
            resno, tbl, col = (int(entry["resno"]), int(entry["resorigtbl"]),
                               int(entry["resorigcol"]))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            continue
        if tbl and col:
            out[resno] = (tbl, col)
    return out


# ---------------------------------------------------------------- loading


async def load_relationships(cur: psycopg.AsyncCursor[Any], schemas: list[str],
                             view_schemas: list[str]) -> RelationshipMap:  # fmt: skip
    """`schemas`: the exposed schemas; `view_schemas`: where views are traced (the exposed
    schemas and the extra search path)."""
    await cur.execute(_VIEWS_SQL, {"schemas": view_schemas})
    views: dict[int, tuple[QName, list[str], dict[int, tuple[int, int]]]] = {}
    for oid, nsp, name, action, attnames in await cur.fetchall():
        views[oid] = ((nsp, name), list(attnames), view_column_origins(action or ""))

    def resolve(oid: int, attnum: int, depth: int = 0) -> tuple[int, int]:
        """Follow a column through chains of views to its base relation."""
        if oid in views and depth < 32:
            origin = views[oid][2].get(attnum)
            if origin is not None:
                return resolve(origin[0], origin[1], depth + 1)
        return oid, attnum

    # base column (rel oid, attnum) -> [(view, view column name)]
    exposed: dict[tuple[int, int], list[tuple[QName, str]]] = {}
    for vname, attnames, origins in views.values():
        for resno in sorted(origins):
            base = resolve(*origins[resno])
            if base[0] in views or resno > len(attnames):
                continue
            exposed.setdefault(base, []).append((vname, attnames[resno - 1]))

    def view_sides(rel: int, attnums: list[int]) -> list[tuple[QName, tuple[str, ...]]]:
        by_view: dict[QName, list[list[str]]] = {}
        for pos, att in enumerate(attnums):
            for vname, vcol in exposed.get((rel, att), []):
                cols = by_view.setdefault(vname, [[] for _ in attnums])
                cols[pos].append(vcol)
        out = []
        for vname, cols in by_view.items():
            if all(cols):
                out.extend((vname, combo) for combo in itertools.product(*cols))
        return out

    await cur.execute(_FKS_SQL)
    rels: list[Relationship] = []
    for row in await cur.fetchall():
        (cons, relid, nsp1, rel1, frelid, nsp2, rel2, conkey, confkey, cols, fcols,
         one_to_one) = row  # fmt: skip
        card = "o2o" if one_to_one else "m2o"
        t, ft = (nsp1, rel1), (nsp2, rel2)

        def add(a: QName, b: QName, ac: tuple[str, ...], bc: tuple[str, ...], av: bool,
                bv: bool, self_: bool, card: str = card, cons: str = cons) -> None:  # fmt: skip
            pairs = tuple(zip(ac, bc, strict=True))
            rels.append(Relationship(a, b, self_, card, cons, pairs, False, av, bv))

        add(t, ft, tuple(cols), tuple(fcols), False, False, relid == frelid)
        from_views = view_sides(relid, list(conkey))
        to_views = view_sides(frelid, list(confkey))
        for v, vcols in from_views:
            add(v, ft, vcols, tuple(fcols), True, False, False)
        for w, wcols in to_views:
            add(t, w, tuple(cols), wcols, False, True, False)
        for (v, vcols), (w, wcols) in itertools.product(from_views, to_views):
            add(v, w, vcols, wcols, True, True, v == w)

    inverse = [
        Relationship(
            r.foreign,
            r.table,
            r.is_self,
            "o2m" if r.card == "m2o" else "o2o",
            r.constraint,
            tuple((b, a) for a, b in r.columns),
            r.card == "o2o",
            r.foreign_is_view,
            r.table_is_view,
        )  # fmt: skip
        for r in rels
    ]
    result = RelationshipMap()
    for r in rels + inverse:
        if r.table[0] in schemas and r.foreign[0] == r.table[0]:
            result.by_origin.setdefault(r.table, []).append(r)
    for lst in result.by_origin.values():
        lst.sort(key=Relationship.sort_key)
    return result
