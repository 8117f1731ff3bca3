"""retry_stalled_jobs: stalled-job recovery from procrastinate's worker heartbeats.

A worker beats every WORKER_HEARTBEAT_SECONDS; a worker killed with SIGKILL stops
beating and its `doing` jobs stay `doing`. Every worker prunes workers silent for
WORKER_STALLED_SECONDS when it starts, and this task (every minute by default, one
at a time thanks to its queueing lock) puts the `doing` jobs of silent or pruned
workers back to `todo`. The tasks themselves are idempotent, so a retried job
finishes the work once (refunds: same idempotency key); a notification is sent at
least once (its row's lease runs out and the sweep sends it: docs/worker.md).
"""

from __future__ import annotations

import logging

from procrastinate import JobContext

from worker.app import app, current_settings
from worker.blueprint import tasks
from worker.logging import log_event

logger = logging.getLogger("worker.retry_stalled_jobs")


async def retry_stalled(own_job_id: int | None = None) -> list[int]:
    stalled = await app.job_manager.get_stalled_jobs(
        seconds_since_heartbeat=current_settings().stalled_seconds
    )
    retried: list[int] = []
    for job in stalled:
        if job.id == own_job_id:
            continue
        await app.job_manager.retry_job(job)
        assert job.id is not None
        retried.append(job.id)
        log_event(
            logger,
            logging.WARNING,
            "stalled_job_retried",
            job_id=job.id,
            task=job.task_name,
            task_kwargs=job.task_kwargs,
            stalled_worker_id=job.worker_id,
        )
    return retried


@tasks.task(
    name="retry_stalled_jobs",
    queue="maintenance",
    queueing_lock="retry_stalled_jobs",
    pass_context=True,
)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> list[int]:
    return await retry_stalled(own_job_id=context.job.id)
