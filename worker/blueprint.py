"""The worker's tasks, declared on one procrastinate Blueprint (procrastinate 3:
tasks apart from the App that runs them, https://procrastinate.readthedocs.io/en/stable/howto/advanced/blueprints.html).

Nothing here reads the environment or opens anything: `worker.app.configure`
binds these tasks to the App at start-up (`App.add_tasks_from`, namespace
`courtbook`) and schedules the periodic ones with the crons of its settings.
"""

from __future__ import annotations

from procrastinate import Blueprint

tasks = Blueprint()
