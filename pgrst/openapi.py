"""Swagger 2.0 document for `GET /`, built from the schema cache."""

from __future__ import annotations

from typing import Any

from pgrst.config import VERSION, Config, bind_host
from pgrst.schema_cache import Column, SchemaCache

_NUMERIC = {"int2": "integer", "int4": "integer", "int8": "integer", "float4": "number",
            "float8": "number", "numeric": "number", "bool": "boolean"}  # fmt: skip
_FORMATS = {"int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real",
            "float8": "double precision", "numeric": "numeric"}  # fmt: skip


def _schema_for(col: Column) -> dict[str, Any]:
    if col.category == "A":
        out: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    elif col.type_name in _NUMERIC:
        out = {"type": _NUMERIC[col.type_name]}
    elif col.type_name in ("json", "jsonb"):
        out = {}
    else:
        out = {"type": "string"}
    out["format"] = col.type
    if col.enum:
        out["enum"] = col.enum
    if col.default is not None:
        out["default"] = col.default
    if col.description:
        out["description"] = col.description
    return out


def _param_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/parameters/{name}"}


_COMMON_PARAMS: dict[str, Any] = {
    "preferParams": {"name": "Prefer", "in": "header", "required": False, "type": "string",
                     "description": "Preference", "enum": ["params=single-object"]},
    "preferReturn": {"name": "Prefer", "in": "header", "required": False, "type": "string",
                     "description": "Preference",
                     "enum": ["return=representation", "return=minimal", "return=none"]},
    "preferCount": {"name": "Prefer", "in": "header", "required": False, "type": "string",
                    "description": "Preference", "enum": ["count=none"]},
    "select": {"name": "select", "in": "query", "required": False, "type": "string",
               "description": "Filtering Columns"},
    "on_conflict": {"name": "on_conflict", "in": "query", "required": False, "type": "string",
                    "description": "On Conflict"},
    "order": {"name": "order", "in": "query", "required": False, "type": "string",
              "description": "Ordering"},
    "range": {"name": "Range", "in": "header", "required": False, "type": "string",
              "description": "Limiting and Pagination"},
    "rangeUnit": {"name": "Range-Unit", "in": "header", "required": False, "type": "string",
                  "description": "Limiting and Pagination", "default": "items"},
    "offset": {"name": "offset", "in": "query", "required": False, "type": "string",
               "description": "Limiting and Pagination"},
    "limit": {"name": "limit", "in": "query", "required": False, "type": "string",
              "description": "Limiting and Pagination"},
}  # fmt: skip


def build(
    config: Config,
    cache: SchemaCache,
    schema: str,
    access: tuple[set[str], set[int]] | None = None,
) -> dict[str, Any]:
    """The Swagger 2.0 description of `schema`. `access` (openapi-mode=follow-privileges):
    the names of the relations and the oids of the functions the request's role may use;
    None lists everything (ignore-privileges)."""
    desc = cache.schema_descriptions.get(schema)
    title = desc.split("\n", 1)[0] if desc else "PostgREST API"
    info: dict[str, Any] = {"title": title, "version": VERSION}
    if desc and "\n" in desc:
        info["description"] = desc.split("\n", 1)[1].strip()
    paths: dict[str, Any] = {"/": {"get": {"tags": ["Introspection"],
                                           "summary": "OpenAPI description (this document)",
                                           "produces": ["application/openapi+json",
                                                        "application/json"],
                                           "responses": {"200": {"description": "OK"}}}}}  # fmt: skip  # noqa: E501
    definitions: dict[str, Any] = {}
    params = dict(_COMMON_PARAMS)
    for (sch, name), tbl in sorted(cache.tables.items()):
        if sch != schema or (access is not None and name not in access[0]):
            continue
        props = {}
        required = []
        for col in tbl.columns.values():
            s = _schema_for(col)
            if col.name in tbl.pk:
                s["description"] = (s.get("description", "") + "\n\nNote:\nThis is a Primary "
                                    "Key.<pk/>").lstrip()  # fmt: skip
            props[col.name] = s
            if not col.nullable and not col.has_default:
                required.append(col.name)
        definition: dict[str, Any] = {"type": "object", "properties": props}
        if required:
            definition["required"] = required
        if tbl.description:
            definition["description"] = tbl.description
        definitions[name] = definition
        row_filters = []
        for col in tbl.columns.values():
            pname = f"rowFilter.{name}.{col.name}"
            params[pname] = {"name": col.name, "in": "query", "required": False,
                             "type": "string", "format": col.type}  # fmt: skip
            row_filters.append(_param_ref(pname))
        body_name = f"body.{name}"
        params[body_name] = {"name": name, "in": "body", "required": False,
                             "description": name,
                             "schema": {"$ref": f"#/definitions/{name}"}}  # fmt: skip
        ok = {"description": "OK"}
        ops: dict[str, Any] = {
            "get": {
                "tags": [name],
                "parameters": row_filters
                + [_param_ref(p) for p in ("select", "order", "range", "rangeUnit", "offset",
                                           "limit", "preferCount")],  # fmt: skip
                "responses": {"200": {"description": "OK", "schema": {
                    "type": "array", "items": {"$ref": f"#/definitions/{name}"}}},
                    "206": {"description": "Partial Content"}},
            }
        }  # fmt: skip
        if tbl.description:
            ops["get"]["summary"] = tbl.description.split("\n", 1)[0]
        if tbl.insertable:
            ops["post"] = {"tags": [name], "parameters": [_param_ref(body_name),
                           _param_ref("select"), _param_ref("preferReturn")],
                           "responses": {"201": {"description": "Created"}}}  # fmt: skip
        if tbl.updatable:
            ops["patch"] = {"tags": [name], "parameters": row_filters + [_param_ref(body_name),
                            _param_ref("preferReturn")], "responses": {"204": {
                            "description": "No Content"}}}  # fmt: skip
        if tbl.deletable:
            ops["delete"] = {"tags": [name], "parameters": row_filters
                             + [_param_ref("preferReturn")],
                             "responses": {"204": {"description": "No Content"}}}  # fmt: skip
        del ok
        paths[f"/{name}"] = ops
    for (sch, name), fns in sorted(cache.functions.items()):
        if access is not None:
            fns = [f for f in fns if f.oid in access[1]]
        if sch != schema or not fns:
            continue
        fn = fns[0]
        if any(p.name == "" for p in fn.params):
            body_schema: dict[str, Any] = {"type": "object"}
        else:
            props = {
                p.name: _schema_for(Column(p.name, p.type, p.type_name, "A" if p.type.endswith(
                    "[]") else "", True, p.has_default, None, None))
                for p in fn.params
            }  # fmt: skip
            req = [p.name for p in fn.params if not p.has_default]
            body_schema = {"type": "object", "properties": props}
            if req:
                body_schema["required"] = req
        op_post: dict[str, Any] = {
            "tags": ["(rpc) " + name],
            "produces": ["application/json", "application/vnd.pgrst.object+json"],
            "parameters": [{"name": "args", "in": "body", "required": True,
                            "schema": body_schema}, _param_ref("preferParams")],
            "responses": {"200": {"description": "OK"}},
        }  # fmt: skip
        if fn.description:
            op_post["summary"] = fn.description.split("\n", 1)[0]
        ops = {"post": op_post}
        if fn.volatility != "v":
            get_params = [
                {"name": p.name, "in": "query", "required": not p.has_default,
                 "type": "string", "format": p.type}
                for p in fn.params if p.name
            ]  # fmt: skip
            ops["get"] = {"tags": ["(rpc) " + name], "parameters": get_params,
                          "produces": op_post["produces"],
                          "responses": {"200": {"description": "OK"}}}  # fmt: skip
        paths[f"/rpc/{name}"] = ops
    host = bind_host(config.server_host)
    return {
        "swagger": "2.0",
        "info": info,
        "host": f"{host}:{config.server_port}",
        "basePath": "/",
        "schemes": ["http"],
        "consumes": ["application/json", "application/vnd.pgrst.object+json;nulls=stripped",
                     "application/vnd.pgrst.object+json", "text/csv"],
        "produces": ["application/json", "application/vnd.pgrst.object+json;nulls=stripped",
                     "application/vnd.pgrst.object+json", "text/csv"],
        "paths": paths,
        "definitions": definitions,
        "parameters": params,
        "externalDocs": {"description": "PostgREST Documentation",
                         "url": "https://postgrest.org/en/v13/references/api.html"},
    }  # fmt: skip
