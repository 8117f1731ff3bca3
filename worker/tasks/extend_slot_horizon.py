"""extend_slot_horizon, daily: every court's slots generated slot_horizon_days ahead."""

from __future__ import annotations

import logging

from worker import db
from worker.app import app
from worker.blueprint import tasks
from worker.logging import log_event

logger = logging.getLogger("worker.extend_slot_horizon")


@tasks.task(name="extend_slot_horizon", queue="maintenance", queueing_lock="extend_slot_horizon")
async def extend_slot_horizon(timestamp: int, days: int | None = None) -> int:
    created = await db.fetch_value(app, "select internal.generate_slots_for_horizon(%s)", (days,))
    log_event(logger, logging.INFO, "slot_horizon_extended", slots_created=created)
    return int(created or 0)
