"""The root endpoint `/`: the OpenAPI description (pgrst.openapi builds it).

With PostgREST's default `openapi-mode=follow-privileges` the description lists only the
relations and functions the request's role may use (PostgREST's Query.hs runs
`accessibleTables`/`accessibleFuncs` of SchemaCache.hs in the request's transaction, as the
role the Authorization header gives); `ignore-privileges` lists everything; `disabled` is
404 PGRST126 (docs: references/api/openapi.rst, references/configuration.rst#openapi-mode).
"""

from __future__ import annotations

import orjson
from starlette.responses import Response

from pgrst import openapi
from pgrst.context import ReqCtx
from pgrst.errors import ApiError
from pgrst.negotiation import CT_OPENAPI, OPENAPI_TYPES, negotiate
from pgrst.responses import make_response
from pgrst.sql_builder import Sql, ident
from pgrst.transaction import Transactions

# PostgREST's accessibleTables and accessibleFuncs conditions, as the request's role.
ACCESS_SQL = """SELECT NULL::bigint, 0, json_build_array(
  (SELECT coalesce(json_agg(c.relname), '[]') FROM pg_catalog.pg_class c
    WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('v', 'r', 'm', 'f', 'p')
      AND NOT c.relispartition
      AND (pg_catalog.pg_has_role(c.relowner, 'USAGE')
           OR pg_catalog.has_table_privilege(c.oid,
                'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
           OR pg_catalog.has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))),
  (SELECT coalesce(json_agg(p.oid::int8), '[]') FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = $1::regnamespace
      AND pg_catalog.has_function_privilege(p.oid, 'execute')))::text, NULL::text, NULL::text"""


async def handle_root(ctx: ReqCtx, tx: Transactions) -> Response:
    if ctx.method not in ("GET", "HEAD"):
        raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {ctx.method}")
    if ctx.config.openapi_mode == "disabled":
        raise ApiError(404, "PGRST126", "Root endpoint metadata is disabled")
    negotiate(ctx.request, OPENAPI_TYPES)
    access = None
    if ctx.config.openapi_mode == "follow-privileges":
        result = await tx.execute(ctx, Sql([ACCESS_SQL], [ident(ctx.schema)]), read_only=True)
        tables, functions = orjson.loads(result.body)
        access = (set(tables), set(functions))
    doc = openapi.build(ctx.config, ctx.cache, ctx.schema, access)
    return make_response(
        200, orjson.dumps(doc), ctx.profile_headers(), content_type=CT_OPENAPI, head=ctx.head
    )
