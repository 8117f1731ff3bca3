"""courtbook beyond one machine, on this one: a streaming replica of a PostgreSQL cluster
and PgBouncer in transaction mode in front of its primary (Debian's PostgreSQL 15 and
pgbouncer packages, nothing else), as deploy/compose.scale.yml runs them.

    from tests.support.scaled import scaled_database

    with scaled_database(primary_db_url) as scaled:     # superuser URL of a deployed database
        scaled.pooler_url           # PgBouncer -> the primary (transaction pooling)
        scaled.worker_pooler_url    # the worker's pool: same, with procrastinate's search_path
        scaled.replica_url          # the streaming replica (hot standby, read-only)
        scaled.wait_replayed()      # until the replica has replayed what the primary wrote

`make run-scaled` (deploy/local/run-scaled.sh) runs `main()`: the same on the cluster of
`make run`, then the whole stack through it (tests/support/stack.py), until Ctrl-C.

The replica is `pg_basebackup -R` of the whole cluster (replication is cluster-wide),
started on a free port; PgBouncer runs as the postgres OS user when we are root (it
refuses root). PgBouncer's pools are per (database, user): the worker's alias
`courtbook_worker` sets procrastinate's search_path on each server connection it opens
(connect_query), because PgBouncer 1.18 cannot pass the `options` startup parameter the
worker sends on a direct connection.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(
    os.environ.get("PG_BIN")
    or sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)[-1]
)
PGBOUNCER_BIN = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
WORKER_ALIAS = "courtbook_worker"
WORKER_SEARCH_PATH = "procrastinate, pg_catalog"
# The service roles that connect through PgBouncer; postgres reads its admin console.
POOLED_ROLES = ("authenticator", "webhook_service", "worker_service")


def _as_root() -> bool:
    return os.geteuid() == 0


def _as_pg(cmd: list[str]) -> list[str]:
    """The command as the postgres OS user when we are root (initdb, pg_ctl and pgbouncer
    refuse root)."""
    return ["runuser", "-u", "postgres", "--", *cmd] if _as_root() else cmd


def _give_to_pg(path: Path) -> None:
    if _as_root():
        shutil.chown(path, "postgres", "postgres")


def _free_port() -> int:
    from tests.support.pgrst_server import free_port

    return free_port()


def _parts(url: str) -> tuple[str, int, str]:
    m = re.match(r"^postgres(?:ql)?://(?:[^@/]+@)?([^:/]+):(\d+)/([^?]+)", url)
    if not m:
        raise ValueError(f"not a postgresql://host:port/db URL: {url}")
    return m.group(1), int(m.group(2)), m.group(3)


def _url(user: str, port: int, db: str) -> str:
    return f"postgresql://{user}@127.0.0.1:{port}/{db}"


def allow_replication(admin_url: str) -> None:
    """A loopback `replication` line in the primary's pg_hba.conf (pg_basebackup and the
    walreceiver connect as a replication connection, which `all` does not cover)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        have = conn.execute(
            "select count(*) from pg_hba_file_rules where 'replication' = any(database)"
            " and error is null"
        ).fetchone()
        if have and have[0]:
            return
        row = conn.execute("select current_setting('hba_file')").fetchone()
        assert row is not None
        hba = Path(row[0])
        line = "host  replication all 127.0.0.1/32 trust\n"
        subprocess.run(
            _as_pg(["sh", "-c", f"printf '%s' '{line}' >> '{hba}'"]), check=True, cwd="/"
        )
        conn.execute("select pg_reload_conf()")


@dataclass
class Replica:
    data_dir: Path
    port: int

    def url(self, db: str, user: str = "postgres") -> str:
        return _url(user, self.port, db)

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            _as_pg([str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), *args]),
            check=check, capture_output=True, cwd="/",
        )  # fmt: skip

    def start(self) -> None:
        opts = f"-p {self.port} -c unix_socket_directories={self.data_dir} -c hot_standby=on"
        log = self.data_dir / "server.log"
        done = self.pg_ctl("-l", str(log), "-w", "-t", "60", "-o", opts, "start", check=False)
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"the replica did not start: {done.stderr!r}\n{tail}")

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self.pg_ctl("-m", "fast", "-w", "stop", check=False)

    def running(self) -> bool:
        return self.pg_ctl("status", check=False).returncode == 0


def start_replica(admin_url: str, data_dir: Path, port: int | None = None) -> Replica:
    """`pg_basebackup -R` of the cluster behind `admin_url` into `data_dir` (which must not
    exist), started as a hot standby streaming from it."""
    host, pport, _ = _parts(admin_url)
    allow_replication(admin_url)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.parent.chmod(0o755)
    _give_to_pg(data_dir.parent)
    subprocess.run(
        _as_pg([str(PG_BIN / "pg_basebackup"), "-h", host, "-p", str(pport), "-U", "postgres",
                "-D", str(data_dir), "-R", "-X", "stream", "-c", "fast"]),
        check=True, capture_output=True, cwd="/",
    )  # fmt: skip
    replica = Replica(data_dir, port or _free_port())
    replica.start()
    deadline = time.monotonic() + 60
    while True:
        try:
            with psycopg.connect(replica.url("postgres"), connect_timeout=2) as conn:
                row = conn.execute("select pg_is_in_recovery()").fetchone()
                if row and row[0]:
                    return replica
                raise RuntimeError("the replica is not in recovery")
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@dataclass
class PgBouncer:
    work: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.work / "pgbouncer.log"

    def admin(self) -> psycopg.Connection:
        """PgBouncer's admin console (SHOW POOLS, SHOW SERVERS, ...): simple protocol only."""
        return psycopg.connect(
            _url("postgres", self.port, "pgbouncer"),
            autocommit=True,
            cursor_factory=psycopg.ClientCursor,  # the simple query protocol
        )

    def show(self, what: str) -> list[dict[str, object]]:
        with self.admin() as conn:
            cur = conn.cursor()
            cur.execute(f"SHOW {what}")
            names = [d.name for d in cur.description or []]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # PgBouncer: SIGINT is a safe shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def pgbouncer_ini(*, primary_port: int, db: str, port: int, work: Path, pool_size: int = 20) -> str:
    """The pgbouncer.ini of the local scaled stack: compose.scale.yml's settings, on loopback
    with trust (the cluster trusts loopback too)."""
    return f"""\
[databases]
{db} = host=127.0.0.1 port={primary_port} dbname={db}
{WORKER_ALIAS} = host=127.0.0.1 port={primary_port} dbname={db} connect_query='SET search_path = {WORKER_SEARCH_PATH}'

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {work}/userlist.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 2000
default_pool_size = {pool_size}
reserve_pool_size = 5
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = {work}/pgbouncer.log
pidfile = {work}/pgbouncer.pid
log_connections = 0
log_disconnections = 0
"""  # noqa: E501


def start_pgbouncer(primary_url: str, work: Path, port: int | None = None) -> PgBouncer:
    """PgBouncer in transaction mode in front of the database of `primary_url`."""
    _, pport, db = _parts(primary_url)
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)
    bouncer = PgBouncer(work, port or _free_port())
    (work / "pgbouncer.ini").write_text(
        pgbouncer_ini(primary_port=pport, db=db, port=bouncer.port, work=work)
    )
    (work / "userlist.txt").write_text(
        "".join(f'"{role}" ""\n' for role in ("postgres", *POOLED_ROLES))
    )
    for path in (work, work / "pgbouncer.ini", work / "userlist.txt"):
        _give_to_pg(path)
    cmd = [PGBOUNCER_BIN, str(work / "pgbouncer.ini")]
    if _as_root():
        cmd[1:1] = ["-u", "postgres"]
    with open(work / "pgbouncer.out", "wb") as out:
        bouncer.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd="/")
    deadline = time.monotonic() + 20
    while True:
        if bouncer.proc.poll() is not None:
            logs = (work / "pgbouncer.out").read_text(errors="replace")
            if bouncer.log_path.exists():
                logs += bouncer.log_path.read_text(errors="replace")
            raise RuntimeError(f"pgbouncer exited with {bouncer.proc.returncode}:\n{logs}")
        try:
            bouncer.show("VERSION")
            return bouncer
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                bouncer.stop()
                raise
            time.sleep(0.1)


@dataclass
class Scaled:
    primary_url: str  # superuser, direct
    replica: Replica
    bouncer: PgBouncer
    db: str
    work: Path
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def replica_url(self) -> str:
        return self.replica.url(self.db)

    @property
    def pooler_url(self) -> str:
        return _url("postgres", self.bouncer.port, self.db)

    @property
    def worker_pooler_url(self) -> str:
        return _url("postgres", self.bouncer.port, WORKER_ALIAS)

    def wait_replayed(self, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary had written when called."""
        with psycopg.connect(self.primary_url, autocommit=True) as conn:
            row = conn.execute("select pg_current_wal_insert_lsn()::text").fetchone()
            assert row is not None
            target = row[0]
        deadline = time.monotonic() + timeout
        with psycopg.connect(self.replica_url, autocommit=True) as conn:
            while True:
                row = conn.execute(
                    "select pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)
                ).fetchone()
                if row and row[0]:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the replica did not replay up to {target}")
                time.sleep(0.05)

    def pause_replay(self) -> None:
        with psycopg.connect(self.replica_url, autocommit=True) as conn:
            conn.execute("select pg_wal_replay_pause()")
            while True:  # paused: no more WAL is applied until resume_replay()
                row = conn.execute("select pg_get_wal_replay_pause_state()").fetchone()
                if row and row[0] == "paused":
                    return
                time.sleep(0.05)

    def resume_replay(self) -> None:
        with psycopg.connect(self.replica_url, autocommit=True) as conn:
            conn.execute("select pg_wal_replay_resume()")


@contextlib.contextmanager
def scaled_database(primary_db_url: str, work: Path | None = None) -> Iterator[Scaled]:
    """A streaming replica of the cluster of `primary_db_url` (a superuser URL of a deployed
    database) and PgBouncer in front of that database; both stopped (and the replica's
    data deleted when `work` was not given) on exit."""
    own = work is None
    work = Path(tempfile.mkdtemp(prefix="courtbook-scaled-")) if work is None else work
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)
    _, _, db = _parts(primary_db_url)
    admin_url = primary_db_url.rsplit("/", 1)[0] + "/postgres"
    replica: Replica | None = None
    bouncer: PgBouncer | None = None
    try:
        replica = start_replica(admin_url, work / "replica")
        bouncer = start_pgbouncer(primary_db_url, work / "pgbouncer")
        yield Scaled(primary_db_url, replica, bouncer, db, work)
    finally:
        if bouncer is not None:
            bouncer.stop()
        if replica is not None:
            replica.stop()
        if own:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """`make run-scaled`: the cluster of `make run` (DATABASE_URL, already deployed with the
    demo data by run-scaled.sh), a replica of it and PgBouncer under .run/scaled, and the
    whole stack through them (two workers, a read gateway on the replica) until Ctrl-C."""
    from tests.support.stack import courtbook_stack

    primary = os.environ["DATABASE_URL"]
    work = ROOT / ".run" / "scaled"
    with contextlib.suppress(FileNotFoundError):
        # A replica left by a killed run: start again from a fresh base backup.
        stale = Replica(work / "replica", 0)
        if stale.running():
            stale.stop()
        shutil.rmtree(work / "replica")
    with (
        scaled_database(primary, work) as scaled,
        courtbook_stack(
            primary,
            demo_data=False,
            pooler_url=scaled.pooler_url,
            worker_pooler_url=scaled.worker_pooler_url,
            read_replica_url=scaled.replica_url,
            workers=2,
            https_port=int(os.environ.get("NGINX_HTTPS_PORT", "8443")),
        ) as stack,
    ):
        print(
            f"\n  courtbook (scaled) is up:\n"
            f"    nginx              {stack.base}/api/  (reads of slots -> the replica)\n"
            f"    primary            {primary}\n"
            f"    replica            {scaled.replica_url}\n"
            f"    PgBouncer          {scaled.pooler_url}  (admin: SHOW POOLS on db pgbouncer)\n"
            f"    local Stripe       {stack.stripe.api_base}\n"
            f"  Ctrl-C stops everything.\n",
            file=sys.stderr,
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            signal.signal(signal.SIGTERM, signal.default_int_handler)
            while all(p.poll() is None for p in stack.procs.values()):
                time.sleep(1)


if __name__ == "__main__":
    main()
