"""Range and count: limit/offset, the Range header and db-max-rows combined into one page;
`Prefer: count=exact|planned|estimated`; Content-Range, 206 and 416."""

from __future__ import annotations

import re

from pgrst.db import Result
from pgrst.errors import ApiError, range_error
from pgrst.query_params import QueryParams

# RangeQuery.hs: "^([0-9]+)-([0-9]*)$" (ASCII digits; Python's \d would take any Unicode digit)
_RANGE_RE = re.compile(r"^([0-9]+)-([0-9]*)$", re.ASCII)


def page(qp: QueryParams, range_header: str | None, max_rows: int | None) -> tuple[int | None, int]:
    """(limit, offset) from limit/offset, the Range header (GET only: pass None otherwise)
    and db-max-rows."""
    if qp.limit is not None and qp.limit < 0:
        raise range_error("Limit should be greater than or equal to zero.")
    lower = qp.offset
    upper: int | None = None if qp.limit is None else qp.offset + qp.limit - 1
    if range_header:
        m = _RANGE_RE.match(range_header.strip())
        if m:
            r_lo = int(m.group(1))
            r_hi = int(m.group(2)) if m.group(2) else None
            if r_hi is not None and r_lo > r_hi:
                raise range_error(
                    "The lower boundary must be lower than or equal to the upper boundary "
                    "in the Range header."
                )
            lower = max(lower, r_lo) if qp.offset else r_lo + qp.offset
            if r_hi is not None:
                upper = r_hi if upper is None else min(upper, r_hi)
    limit = None if upper is None else max(0, upper - lower + 1)
    if max_rows is not None:
        limit = max_rows if limit is None else min(limit, max_rows)
    return limit, lower


class CountMode:
    """`Prefer: count=…` for one request: exact counts always; estimated counts exactly and
    switches to the planner's estimate above db-max-rows; planned is the EXPLAIN estimate."""

    def __init__(self, mode: str | None, max_rows: int | None) -> None:
        self.mode = mode
        self.max_rows = max_rows

    @property
    def counted(self) -> bool:
        return self.mode is not None

    @property
    def exact(self) -> bool:
        return self.mode in ("exact", "estimated")

    @property
    def planned(self) -> bool:
        return self.mode == "planned" or (self.mode == "estimated" and self.max_rows is not None)

    def apply(self, result: Result) -> None:
        if self.mode == "planned":
            result.total = result.planned_rows
        elif self.mode == "estimated" and self.max_rows is not None:
            exact = result.total or 0
            if exact > self.max_rows and result.planned_rows is not None:
                result.total = max(self.max_rows, result.planned_rows)


def read_range(result: Result, offset: int, counted: bool) -> tuple[int, str]:
    """(status, Content-Range) of a read: 206 when the page is not everything counted,
    416 PGRST103 when the offset is beyond the count."""
    total = result.total if counted else None
    size = result.page_total
    shown = total if total is not None else "*"
    crange = f"*/{shown}" if size == 0 or total == 0 else f"{offset}-{offset + size - 1}/{shown}"
    status = 200
    if total is not None:
        if offset > total:
            raise ApiError(
                416,
                "PGRST103",
                "Requested range not satisfiable",
                f"An offset of {offset} was requested, but there are only {total} rows.",
                headers=[("Content-Range", f"*/{total}")],
            )
        if size < total:
            status = 206
    return status, crange


def write_range(method: str, affected: int, counted: bool) -> str:
    """Content-Range of a write: PATCH shows the affected rows, the others `*`."""
    crange = f"0-{affected - 1}/*" if method == "PATCH" and affected else "*/*"
    if counted:
        crange = crange[: crange.index("/") + 1] + str(affected)
    return crange
