"""Function (overload) resolution with PostgREST's PGRST202/PGRST203 answers."""

from __future__ import annotations

import difflib
from typing import Any

from pgrst.errors import ApiError
from pgrst.schema_cache import Function, SchemaCache


def _matches(fn: Function, keys: set[str]) -> bool:
    if not fn.params:
        return not keys
    defaulted = {p.name for p in fn.params if p.has_default}
    return keys - defaulted == fn.required and keys <= fn.all_names


def _single_unnamed_json(fn: Function) -> bool:
    return (
        len(fn.params) == 1 and fn.params[0].name == "" and fn.params[0].type in ("json", "jsonb")
    )


def resolve_function(
    cache: SchemaCache,
    schema: str,
    name: str,
    post_args: dict[str, Any],
    get_args: dict[str, list[str]],
    is_get: bool,
    json_post: bool,
    body_is_object: bool = True,
) -> tuple[Function, bool]:
    """Return (function, call_with_whole_body_as_single_json_argument)."""
    keys = set(get_args) if is_get else set(post_args)
    cands = cache.functions.get((schema, name), [])
    matches = [f for f in cands if _matches(f, keys)] if body_is_object else []
    if len(matches) == 1:
        return matches[0], False
    if len(matches) > 1:
        raise _ambiguous(matches)
    if json_post:
        singles = [f for f in cands if _single_unnamed_json(f)]
        if len(singles) == 1:
            return singles[0], True
        if len(singles) > 1:
            raise _ambiguous(singles)
    raise _not_found(cache, schema, name, sorted(keys), cands, json_post)


def _ambiguous(fns: list[Function]) -> ApiError:
    return ApiError(
        300,
        "PGRST203",
        "Could not choose the best candidate function between: "
        + ", ".join(f.signature() for f in fns),
        None,
        "Try renaming the parameters or the function itself in the database so function "
        "overloading can be resolved",
    )


def _not_found(
    cache: SchemaCache,
    schema: str,
    name: str,
    keys: list[str],
    cands: list[Function],
    json_post: bool,
) -> ApiError:
    func = f"{schema}.{name}"
    prms = ", ".join(keys)
    msg_prms = f"({prms})" if keys else " without parameters"
    message = f"Could not find the function {func}{msg_prms} in the schema cache"
    if keys:
        det = " with parameter" + ("s " if len(keys) > 1 else " ") + prms
    else:
        det = " without parameters"
    if json_post:
        det += " or with a single unnamed json/jsonb parameter"
    details = (
        f"Searched for the function {func}{det}, but no matches were found in the schema cache."
    )
    hint = None
    if cands:
        options = ["(" + ", ".join(sorted(p.name for p in f.params)) + ")" for f in cands]
        want = "(" + ", ".join(keys) + ")"
        best = difflib.get_close_matches(want, options, n=1, cutoff=0.0)
        if best:
            hint = f"Perhaps you meant to call the function {func}{best[0]}"
    else:
        close = cache.closest_function(schema, name)
        if close:
            hint = f"Perhaps you meant to call the function {schema}.{close}"
    return ApiError(404, "PGRST202", message, details, hint)
