"""The soak's stack: a throwaway PostgreSQL cluster of its own (deploy/local/pg.sh) with a
fresh courtbook database (deploy/local/db.sh) and the whole local stack on free loopback
ports against it (tests/support/stack.py: pgrst, the webhook service, two workers, nginx,
the local Stripe), with the soak's two proxies (bench/soak/proxy.py) in the Stripe paths:
the services reach the local Stripe's API through a gate that can refuse connections, and
the local Stripe's events reach the webhook service through the delivery proxy.

    with soak_stack(port) as soak:
        soak.stack.pgrst, soak.stack.webhook, soak.stripe_api, soak.cluster.stop("immediate")
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.soak.proxy import ApiGate, DeliveryProxy, ProxyThread
from tests.support.db import JWT_SECRET
from tests.support.localstripe_server import LocalStripe
from tests.support.pgrst_server import free_port
from tests.support.stack import WEBHOOK_SECRET, Stack, courtbook_stack

ROOT = Path(__file__).resolve().parents[2]
PG_SH = ROOT / "deploy" / "local" / "pg.sh"
DB_SH = ROOT / "deploy" / "local" / "db.sh"


@dataclass
class Cluster:
    """A PostgreSQL cluster under .run/ that the soak owns: stopped and started by the
    faults, destroyed at the end."""

    data_dir: Path
    port: int

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def _pg_sh(self, *args: str) -> None:
        subprocess.run(
            [str(PG_SH), args[0], str(self.data_dir), str(self.port), *args[1:]],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self._pg_sh("start")

    def stop(self, mode: str = "fast") -> None:
        """pg_ctl stop -m MODE (fast: clients disconnected, a checkpoint; immediate: no
        checkpoint, crash recovery at the next start)."""
        self._pg_sh("stop", mode)

    def destroy(self) -> None:
        self._pg_sh("destroy")


@contextlib.contextmanager
def throwaway_cluster(port: int) -> Iterator[Cluster]:
    cluster = Cluster(ROOT / ".run" / f"soak-pg-{port}", port)
    shutil.rmtree(ROOT / ".run" / "soak-logs", ignore_errors=True)  # the last run's
    with contextlib.suppress(subprocess.CalledProcessError):
        cluster.destroy()
    cluster.start()
    try:
        yield cluster
    finally:
        # PostgreSQL's own log (how long each shutdown and recovery took) outlives the cluster.
        keep = ROOT / ".run" / "soak-logs"
        keep.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            shutil.copy(cluster.data_dir / "server.log", keep / "postgresql.log")
        cluster.destroy()


def deploy_database(cluster: Cluster, dbname: str = "courtbook") -> str:
    """A fresh courtbook database: the sqitch plan and the JWT secret (db.sh)."""
    url = cluster.url(dbname)
    env = dict(os.environ, JWT_SECRET=JWT_SECRET)
    subprocess.run([str(DB_SH), url], check=True, env=env, capture_output=True)
    return url


@dataclass
class SoakStack:
    cluster: Cluster
    db_url: str
    stack: Stack
    gate: ApiGate  # the local Stripe's API as the services and the users reach it
    delivery: DeliveryProxy  # the local Stripe's events on their way to the webhook service
    proxies: ProxyThread  # the thread serving both: proxies.call(gate.close())

    @property
    def stripe_api(self) -> str:
        return self.gate.url


@contextlib.contextmanager
def soak_stack(port: int, *, seed: int = 0) -> Iterator[SoakStack]:
    """Cluster, database (demo data), proxies and the stack; everything stopped on exit,
    the cluster destroyed. The services' logs are copied to .run/soak-logs/ at the end."""
    with throwaway_cluster(port) as cluster:
        db_url = deploy_database(cluster)
        stripe = LocalStripe()
        gate = ApiGate(free_port(), stripe.port)
        delivery = DeliveryProxy(free_port(), WEBHOOK_SECRET, seed=seed)
        with ProxyThread([gate, delivery]) as proxies:
            # Two workers: one of them is killed in the middle of a refund (faults.py).
            with courtbook_stack(
                db_url, stripe=stripe, stripe_api_base=gate.url, workers=2
            ) as stack:
                delivery.target = f"{stack.webhook}/stripe/webhook"
                # Every event goes through the delivery proxy (the same name replaces the
                # stack's own registration, made before anything could send an event).
                stripe.register_webhook("courtbook", delivery.url, WEBHOOK_SECRET)
                try:
                    yield SoakStack(cluster, db_url, stack, gate, delivery, proxies)
                finally:
                    keep = ROOT / ".run" / "soak-logs"
                    shutil.copytree(stack.logs_dir, keep, dirs_exist_ok=True)
                    with contextlib.suppress(OSError):
                        shutil.copy(stripe.log_path, keep / "localstripe.log")
                    if stack.pgrst_process is not None:
                        with contextlib.suppress(OSError):
                            shutil.copy(stack.pgrst_process.log_path, keep / "pgrst.log")
