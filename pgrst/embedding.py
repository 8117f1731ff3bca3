"""Planning resource embedding: each `rel(...)` of the select list is matched to one
relationship of the schema cache, as PostgREST's `findRel` does (Plan.hs), and the embedded
resources' parameters (`rel.col=…`, `rel.order=…`) are moved onto their embeds.

Errors as PostgREST v13 answers them (Error.hs): PGRST200 (no relationship), PGRST201 (more
than one), PGRST108 (a parameter for a resource that is not embedded).
"""

from __future__ import annotations

from typing import Any

from pgrst.errors import ApiError
from pgrst.query_params import Embed, Filter, OrderTerm, QueryParams, SelectItem, not_embedded
from pgrst.relationships import Relationship
from pgrst.schema_cache import SchemaCache, _closest


def plan_embeds(cache: SchemaCache, schema: str, origin: str, qp: QueryParams) -> None:
    """Resolve every embed of `qp.select` (recursively) and attach `qp.embedded`."""
    _resolve(cache, schema, origin, qp.select or [])
    for path, params in qp.embedded.items():
        items: list[SelectItem | Embed] = qp.select or []
        embed: Embed | None = None
        for name in path:
            embed = next(
                (e for e in items if isinstance(e, Embed) and name in (e.alias, e.name)), None
            )
            if embed is None:
                raise not_embedded(name)
            items = embed.select
        assert embed is not None
        embed.params = params
    _node(origin, qp.select or [], qp.filters, qp.order)


def _node(origin: str, items: list[SelectItem | Embed], filters: list[Any],
          order: list[OrderTerm]) -> None:  # fmt: skip
    """Per read node (the top level, then each embed): `order=rel(col)` must name an embedded
    to-one resource (PGRST108, PGRST118: Plan.hs addRelatedOrders); a filter on an embedded
    resource's name is a null filter, `rel=is.null` or `rel=not.is.null`, anything else
    PGRST120 (Plan.hs addNullEmbedFilters; docs: resource_embedding.rst, "Null filtering on
    Embedded Resources")."""
    embeds = {e.key: e for e in items if isinstance(e, Embed)}
    for term in order:
        if term.relation is None:
            continue
        embed = embeds.get(term.relation)
        if embed is None:
            raise not_embedded(term.relation)
        if not embed.rel.to_one:
            raise ApiError(
                400,
                "PGRST118",
                f"A related order on '{embed.key}' is not possible",
                f"'{origin}' and '{embed.key}' do not form a many-to-one or one-to-one "
                "relationship",
            )
        term.embed = embed
    for flt in list(filters):
        if not isinstance(flt, Filter) or flt.field.path or flt.field.name not in embeds:
            continue
        embed = embeds[flt.field.name]
        if flt.op != "is" or flt.value != "null" or flt.quant:
            raise ApiError(
                400,
                "PGRST120",
                f"Bad operator on the '{embed.key}' embedded resource",
                "Only is null or not is null filters are allowed on embedded resources",
            )
        embed.null_filter = not flt.negate
        filters.remove(flt)
    for embed in embeds.values():
        _node(embed.table.name, embed.select, embed.params.filters, embed.params.order)


def has_embeds(items: list[SelectItem | Embed] | None) -> bool:
    return any(isinstance(i, Embed) for i in items or [])


def _resolve(cache: SchemaCache, schema: str, origin: str, items: list[SelectItem | Embed]) -> None:
    for item in items:
        if not isinstance(item, Embed):
            continue
        rel = find_relationship(cache, schema, origin, item.name, item.hint)
        item.rel = rel
        item.table = cache.tables.get(rel.foreign)
        if item.table is None:  # a relationship to a relation the cache does not serve
            raise _no_relationship(cache, schema, origin, item.name, item.hint)
        _resolve(cache, schema, rel.foreign[1], item.select)


def _single(rel: Relationship, own: bool) -> str | None:
    if len(rel.columns) != 1:
        return None
    return rel.columns[0][0 if own else 1]


def find_relationship(
    cache: SchemaCache, schema: str, origin: str, target: str, hint: str | None
) -> Relationship:
    """PostgREST's findRel: the target is the related table/view, or (tables only) the
    constraint or the single foreign-key column; the hint is a constraint or a column of
    either side. A self-relationship is the one-to-many by the table name or the many-to-one
    by the column name."""
    rels = []
    for r in cache.relationships.by_origin.get((schema, origin), []):
        fname = r.foreign[1]
        if r.is_self:
            if hint is None:
                ok = (target == fname and r.card == "o2m") or (
                    target == _single(r, True) and r.card == "m2o"
                )
            else:
                ok = target == fname and r.card == "o2m" and hint == _single(r, False)
        elif hint is None:
            ok = target == fname or (
                not r.foreign_is_view and (target == r.constraint or target == _single(r, True))
            )
        else:
            ok = target == fname and hint in (r.constraint, _single(r, True), _single(r, False))
        if ok:
            rels.append(r)
    if not rels:
        raise _no_relationship(cache, schema, origin, target, hint)
    if len(rels) > 1:
        options = ", ".join(f"'{r.foreign[1]}!{r.constraint}'" for r in rels)
        raise ApiError(
            300,
            "PGRST201",
            f"Could not embed because more than one relationship was found for '{origin}' and "
            f"'{target}'",
            [r.described() for r in rels],
            f"Try changing '{target}' to one of the following: {options}. Find the desired "
            "relationship in the 'details' key.",
        )
    return rels[0]


def _no_relationship(
    cache: SchemaCache, schema: str, origin: str, target: str, hint: str | None
) -> ApiError:
    using = f"' using the hint '{hint}" if hint else ""
    rels = cache.relationships.by_origin.get((schema, origin))
    suggestion = None
    if rels is not None:
        names = sorted({r.foreign[1] for r in rels})
        close = _closest(target, names) if target not in names else None
        if close:
            suggestion = f"Perhaps you meant '{close}' instead of '{target}'."
    else:
        origins = sorted({o for (s, o) in cache.relationships.by_origin if s == schema})
        close = _closest(origin, origins)
        if close:
            suggestion = f"Perhaps you meant '{close}' instead of '{origin}'."
    return ApiError(
        400,
        "PGRST200",
        f"Could not find a relationship between '{origin}' and '{target}' in the schema cache",
        f"Searched for a foreign key relationship between '{origin}' and '{target}{using}' in "
        f"the schema '{schema}', but no matches were found.",
        suggestion,
    )
