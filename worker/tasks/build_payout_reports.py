"""build_payout_reports, weekly: the last complete ISO week (Monday to Monday).

Periods are dates read in each venue's own time zone (internal.build_payout_reports).
The schedule (Monday 12:00 UTC) is late enough that Monday has begun in every
zone from UTC-12 to UTC+14, so the week is complete everywhere; the upsert is
idempotent, so a rerun (or a manual run for another week) just rewrites it.
"""

from __future__ import annotations

import datetime as dt
import logging

from worker import db
from worker.app import app
from worker.blueprint import tasks
from worker.logging import log_event

logger = logging.getLogger("worker.build_payout_reports")


def last_complete_week(now: dt.datetime) -> tuple[dt.date, dt.date]:
    """[Monday, next Monday) of the week before the one `now` (UTC) is in."""
    today = now.astimezone(dt.UTC).date()
    this_monday = today - dt.timedelta(days=today.weekday())
    return this_monday - dt.timedelta(days=7), this_monday


@tasks.task(name="build_payout_reports", queue="maintenance", queueing_lock="build_payout_reports")
async def build_payout_reports(
    timestamp: int, period_start: str | None = None, period_end: str | None = None
) -> int:
    if period_start and period_end:
        start, end = dt.date.fromisoformat(period_start), dt.date.fromisoformat(period_end)
    else:
        start, end = last_complete_week(dt.datetime.fromtimestamp(timestamp, dt.UTC))
    venues = await db.fetch_value(app, "select internal.build_payout_reports(%s, %s)", (start, end))
    log_event(
        logger,
        logging.INFO,
        "payout_reports_built",
        period_start=start.isoformat(),
        period_end=end.isoformat(),
        venues=venues,
    )
    return int(venues or 0)
