"""`python -m worker.health [--max-age SECONDS]`: exit 0 when a worker's procrastinate
heartbeat is younger than --max-age (default 3 × WORKER_HEARTBEAT_SECONDS), else 1.
For the compose healthcheck. Prints one JSON line."""

from __future__ import annotations

import argparse
import sys

import orjson
import psycopg

from worker.config import WorkerSettings


def check(database_url: str, max_age: float) -> dict[str, object]:
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        row = conn.execute(
            "select live_workers, last_heartbeat, jobs_todo, jobs_doing"
            " from internal.worker_health(%s)",
            (int(max_age),),
        ).fetchone()
    assert row is not None
    return {
        "live_workers": row[0],
        "last_heartbeat": row[1].isoformat() if row[1] else None,
        "jobs_todo": row[2],
        "jobs_doing": row[3],
        "max_age_seconds": max_age,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m worker.health", description=__doc__)
    settings = WorkerSettings.from_env()
    parser.add_argument("--max-age", type=float, default=max(3 * settings.heartbeat_seconds, 5))
    args = parser.parse_args(argv)
    try:
        status = check(settings.database_url, args.max_age)
    except psycopg.Error as exc:
        print(orjson.dumps({"status": "error", "error": str(exc).strip()}).decode())
        return 2
    ok = bool(status["live_workers"])
    print(orjson.dumps({"status": "ok" if ok else "no_live_worker", **status}).decode())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
