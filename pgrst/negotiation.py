"""Content negotiation: the Accept header picks the response kind (PostgREST's media types)."""

from __future__ import annotations

from enum import StrEnum

from starlette.requests import Request

from pgrst.errors import ApiError


class Kind(StrEnum):
    """What a read or a write answers with, chosen from the Accept header."""

    JSON = "json"
    SINGLE = "single"  # application/vnd.pgrst.object+json
    JSON_STRIP = "json_strip"  # application/vnd.pgrst.array+json;nulls=stripped
    SINGLE_STRIP = "single_strip"  # application/vnd.pgrst.object+json;nulls=stripped
    CSV = "csv"
    OPENAPI = "openapi"

    @property
    def single(self) -> bool:
        return self in (Kind.SINGLE, Kind.SINGLE_STRIP)

    @property
    def stripped(self) -> bool:
        return self in (Kind.JSON_STRIP, Kind.SINGLE_STRIP)


CT_JSON = b"application/json; charset=utf-8"
CT_OBJECT = b"application/vnd.pgrst.object+json; charset=utf-8"
CT_CSV = b"text/csv; charset=utf-8"
CT_OPENAPI = b"application/openapi+json; charset=utf-8"
CONTENT_TYPES: dict[Kind, bytes] = {
    Kind.JSON: CT_JSON,
    Kind.SINGLE: CT_OBJECT,
    Kind.JSON_STRIP: b"application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8",
    Kind.SINGLE_STRIP: b"application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8",
    Kind.CSV: CT_CSV,
    Kind.OPENAPI: CT_OPENAPI,
}

READ_TYPES: dict[str, Kind] = {
    "*/*": Kind.JSON,
    "application/*": Kind.JSON,
    "application/json": Kind.JSON,
    "application/vnd.pgrst.object+json": Kind.SINGLE,
    "application/vnd.pgrst.object+json;nulls=stripped": Kind.SINGLE_STRIP,
    "application/vnd.pgrst.array+json": Kind.JSON,
    "application/vnd.pgrst.array+json;nulls=stripped": Kind.JSON_STRIP,
    "text/csv": Kind.CSV,
    "text/*": Kind.CSV,
}
OPENAPI_TYPES: dict[str, Kind] = {
    "*/*": Kind.OPENAPI,
    "application/*": Kind.OPENAPI,
    "application/json": Kind.OPENAPI,
    "application/openapi+json": Kind.OPENAPI,
}


def negotiate(request: Request, allowed: dict[str, Kind] = READ_TYPES) -> Kind:
    """The first acceptable media type (ordered by q, then by position); no Accept header
    means JSON. Nothing acceptable: 406 PGRST107 listing what was sent."""
    raw = request.headers.get("accept")
    if not raw:
        return Kind.JSON
    entries: list[tuple[float, int, str]] = []
    sent: list[str] = []
    for idx, part in enumerate(raw.split(",")):
        part = part.strip()
        if not part:
            continue
        sent.append(part)
        pieces = [p.strip() for p in part.split(";")]
        mt = pieces[0].lower()
        q = 1.0
        params = []
        for p in pieces[1:]:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
            else:
                params.append(p.lower().replace(" ", ""))
        if mt in ("application/vnd.pgrst.object+json", "application/vnd.pgrst.object"):
            mt = "application/vnd.pgrst.object+json"
        if mt in ("application/vnd.pgrst.array+json", "application/vnd.pgrst.array"):
            mt = "application/vnd.pgrst.array+json"
        if mt.startswith("application/vnd.pgrst.") and "nulls=stripped" in params:
            mt += ";nulls=stripped"
        entries.append((-q, idx, mt))
    entries.sort()
    for negq, _, mt in entries:
        if negq == 0:
            continue
        if mt in allowed:
            return allowed[mt]
    raise ApiError(406, "PGRST107", "None of these media types are available: " + ", ".join(sent))
