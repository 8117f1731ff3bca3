"""The worker's tasks live on a procrastinate Blueprint and are bound at start-up:
importing them reads nothing from the environment; configure() binds every task
under the courtbook namespace and its bare name, and schedules the periodic ones
with the crons of the settings it is given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_tasks_reads_no_setting() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "WORKER_"))}
    env.pop("DATABASE_URL", None)
    code = (
        "import importlib, worker.app as w\n"
        "for m in w.TASK_MODULES: importlib.import_module(m)\n"
        "assert not any(n.startswith('courtbook:') for n in w.app.tasks), 'bound at import'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


async def test_configure_binds_every_task_and_its_schedule(worker_app) -> None:
    from worker.app import NAMESPACE, PERIODIC, TASK_MODULES, current_settings

    ours = {n: t for n, t in worker_app.tasks.items() if not t.name.startswith("builtin:")}
    namespaced = {n for n in ours if n.startswith(f"{NAMESPACE}:")}
    assert len(namespaced) >= len(TASK_MODULES)
    # every task is also reachable by its bare name (trigger-deferred and 0.1 jobs)
    for name in namespaced:
        bare = name.removeprefix(f"{NAMESPACE}:")
        assert ours[bare] is ours[name]
    assert all(t.name.startswith(f"{NAMESPACE}:") for t in ours.values())
    crons = {
        p.task.name.removeprefix(f"{NAMESPACE}:"): p.cron
        for p in worker_app.periodic_registry.periodic_tasks.values()
    }
    settings = current_settings()
    assert crons == {task: getattr(settings, field) for task, field in PERIODIC.items()}
