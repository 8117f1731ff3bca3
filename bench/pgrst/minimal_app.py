"""Reference: the minimal hand-written endpoint (verify JWT, set role + claims, call the hold
function). Run: MINIMAL_DB_URI=... MINIMAL_JWT_SECRET=... MINIMAL_HOLD_FN=api.hold_slots \
    python -m uvicorn bench.pgrst.minimal_app:app --loop uvloop --http httptools

MINIMAL_PIPELINE=1 sends BEGIN, the settings, the call and COMMIT in one pipelined round trip
(the same trick pgrst uses); otherwise it is the plain `conn.transaction()` version.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import jwt
import orjson
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

DB_URI = os.environ["MINIMAL_DB_URI"]
SECRET = os.environ["MINIMAL_JWT_SECRET"]
HOLD_FN = os.environ.get("MINIMAL_HOLD_FN", "api.hold_slots")
PIPELINE = os.environ.get("MINIMAL_PIPELINE") == "1"
POOL = int(os.environ.get("MINIMAL_POOL", "10"))
pool = AsyncConnectionPool(
    DB_URI,
    min_size=POOL,
    max_size=POOL,
    open=False,
    kwargs={"prepare_threshold": 2, "autocommit": PIPELINE},
)
SETTINGS = (
    "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true), "
    "set_config('search_path', '\"api\", \"public\"', true)"
)
# to_json: courtbook's hold answers a named type (api.hold), the answer PostgREST sends as JSON
CALL = f"select to_json({HOLD_FN}(slot_ids := %s::bigint[]))::text"
# the gateway's db-pre-request (courtbook: api.check_session), when the benchmark sets one
PRE_REQUEST = os.environ.get("MINIMAL_PRE_REQUEST") or None
PRE = f"select {PRE_REQUEST}()" if PRE_REQUEST else None


async def hold(request: Request) -> Response:
    auth = request.headers.get("authorization", "")
    try:
        claims: dict[str, Any] = jwt.decode(auth[7:], SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        return Response(b'{"message":"bad token"}', 401, media_type="application/json")
    body = orjson.loads(await request.body())
    async with pool.connection() as conn:
        if PIPELINE:
            async with conn.pipeline() as p:
                await conn.execute("BEGIN", prepare=False)
                await conn.execute(SETTINGS, (claims["role"], orjson.dumps(claims).decode()))
                if PRE:
                    await conn.execute(PRE)
                cur = await conn.execute(CALL, (body["slot_ids"],))
                await conn.execute("COMMIT", prepare=False)
                await p.sync()
                row = await cur.fetchone()
        else:
            async with conn.transaction():
                await conn.execute(SETTINGS, (claims["role"], orjson.dumps(claims).decode()))
                if PRE:
                    await conn.execute(PRE)
                cur = await conn.execute(CALL, (body["slot_ids"],))
                row = await cur.fetchone()
    assert row is not None
    return Response(row[0].encode(), 200, media_type="application/json")


@asynccontextmanager
async def lifespan(_app: Starlette) -> AsyncIterator[None]:
    await pool.open()
    yield
    await pool.close()


app = Starlette(routes=[Route("/rpc/hold_slots", hold, methods=["POST"])], lifespan=lifespan)
