"""Worker subprocesses: SIGKILL mid-refund, two workers side by side, periodic
jobs that never pile up, and the heartbeat healthcheck."""

from __future__ import annotations

import subprocess
import sys
import time

from tests.worker.conftest import ROOT, wait_for, worker_env, worker_url
from tests.worker.seed import Seed


def health(url: str, max_age: int = 3) -> int:
    return subprocess.run(
        [sys.executable, "-m", "worker.health", "--max-age", str(max_age)],
        cwd=ROOT,
        env=worker_env(url, "http://127.0.0.1:9"),
        capture_output=True,
        timeout=30,
    ).returncode


def test_sigkill_mid_refund_refunds_once(
    courtbook_db, seed: Seed, stripe_stub, start_worker
) -> None:
    stub, stripe_url = stripe_stub
    url = worker_url(courtbook_db)
    venue, court = seed.venue(stripe_account="acct_kill")
    paid = seed.paid_booking(venue, court, destination="acct_kill", fee=100)
    stub.add_intent(paid["pi"], 2000, "succeeded")
    stub.hang_refunds = 1  # Stripe refunds, the answer never comes back
    refund_id = seed.refund(paid["payment"])

    first = start_worker(worker_env(url, stripe_url))
    wait_for(lambda: stub.of("POST", "/v1/refunds"), timeout=20)
    assert (
        seed.one(
            "select status::text from procrastinate.procrastinate_jobs"
            " where task_name = 'refund_payment' and args->>'refund_id' = %s",
            (str(refund_id),),
        )
        == "doing"
    )
    first.kill()  # SIGKILL: no cleanup, the job stays 'doing', the heartbeat stops

    second = start_worker(worker_env(url, stripe_url))
    wait_for(
        lambda: (
            seed.one("select status::text from data.refund where id = %s", (refund_id,))
            == "succeeded"
        ),
        timeout=30,
    )
    posts = stub.of("POST", "/v1/refunds")
    keys = {p.headers["idempotency-key"] for p in posts}
    assert len(posts) == 2 and len(keys) == 1  # retried once, with the same key
    assert keys == {seed.one("select idempotency_key from data.refund where id = %s", (refund_id,))}
    assert len(stub.refunds) == 1  # one refund at 'Stripe'
    stripe_id = seed.one("select stripe_refund_id from data.refund where id = %s", (refund_id,))
    assert stripe_id == next(iter(stub.refunds))
    assert (
        seed.one(
            "select count(*) from data.notification where booking_id = %s and kind ="
            " 'refund_issued'",
            (paid["booking"],),
        )
        == 1
    )
    assert "stalled_job_retried" in second.output()
    # The task commits the refund before procrastinate records the job's end.
    wait_for(
        lambda: (
            seed.one(
                "select status::text from procrastinate.procrastinate_jobs"
                " where task_name = 'refund_payment' and args->>'refund_id' = %s",
                (str(refund_id),),
            )
            == "succeeded"
        ),
        timeout=10,
    )


def test_sigkill_mid_send_delivers_the_notification_again(
    courtbook_db, seed: Seed, stripe_stub, start_worker
) -> None:
    """At least once: a worker SIGKILLed after SendGrid took the mail but before it
    marked the row sent. Its lease runs out and the second worker's sweep sends it
    again, with the same notification id (SendGrid's custom_args): twice at most."""
    stub, stripe_url = stripe_stub
    url = worker_url(courtbook_db)
    stub.hang_mails = 1
    player = seed.user()
    nid = seed.one(
        "insert into data.notification (user_id, kind) values (%s, 'hold_expired') returning id",
        (player,),
    )
    fast = {"WORKER_NOTIFY_LEASE_SECONDS": "2", "WORKER_NOTIFY_SWEEP_CRON": "* * * * * *"}

    def mails() -> list:
        return [
            m
            for m in stub.of("POST", "/v3/mail/send")
            if m.body["custom_args"]["notification_id"] == str(nid)
        ]

    first = start_worker(worker_env(url, stripe_url, **fast))
    wait_for(mails, timeout=20)
    first.kill()  # the mail is out, its answer never came: the row is claimed, not sent
    # (0.1 marked it sent at the claim, so nobody ever sent it again)
    assert seed.one("select sent_at from data.notification where id = %s", (nid,)) is None

    second = start_worker(worker_env(url, stripe_url, **fast))
    wait_for(lambda: len(mails()) == 2, timeout=30)
    # the player may see this one twice: the price of at least once
    wait_for(
        lambda: seed.one("select status from data.notification where id = %s", (nid,)) == "sent",
        timeout=10,
    )
    assert seed.one("select attempts from data.notification where id = %s", (nid,)) == 2
    time.sleep(2)  # a lease later: still two, the sent row is never claimed again
    assert len(mails()) == 2
    assert "Traceback" not in second.output()


def test_two_workers_never_do_the_same_work_twice(
    courtbook_db, seed: Seed, stripe_stub, start_worker
) -> None:
    stub, stripe_url = stripe_stub
    url = worker_url(courtbook_db)
    venue, court = seed.venue()
    refunds, players = [], []
    for _ in range(12):
        paid = seed.paid_booking(venue, court)
        stub.add_intent(paid["pi"], 2000, "succeeded")
        players.append(paid["player"])
        refunds.append(seed.refund(paid["payment"]))
    # plus a burst of notifications written in one transaction
    with seed.conn.transaction():
        notes = [
            seed.one(
                "insert into data.notification (user_id, kind) values (%s, 'booking_confirmed')"
                " returning id",
                (p,),
            )
            for p in players
        ]
    a = start_worker(worker_env(url, stripe_url, WORKER_CONCURRENCY="4"))
    b = start_worker(worker_env(url, stripe_url, WORKER_CONCURRENCY="4"))

    def done() -> bool:
        left = seed.one(
            "select count(*) from data.refund where id = any(%s) and status <> 'succeeded'",
            (refunds,),
        )
        unsent = seed.one(
            "select count(*) from data.notification where sent_at is null or last_error is not null"
        )
        return left == 0 and unsent == 0

    wait_for(done, timeout=40)
    posts = stub.of("POST", "/v1/refunds")
    assert len(posts) == len(refunds) == len(stub.refunds)
    assert len({p.headers["idempotency-key"] for p in posts}) == len(refunds)
    mails = [m.body["custom_args"]["notification_id"] for m in stub.of("POST", "/v3/mail/send")]
    assert len(mails) == len(set(mails))  # nothing sent twice
    assert {str(n) for n in notes} <= set(mails)
    # both workers did some of it
    workers = seed.one(
        "select count(distinct worker_id) from procrastinate.procrastinate_jobs"
        " where task_name in ('refund_payment', 'deliver_notification') and worker_id is not null"
    )
    assert workers in (1, 2)
    for w in (a, b):
        assert "Traceback" not in w.output()


def test_periodic_jobs_never_pile_up_and_healthcheck(
    courtbook_db, seed: Seed, stripe_stub, start_worker
) -> None:
    stub, stripe_url = stripe_stub
    url = worker_url(courtbook_db)
    assert health(url) == 1  # no worker yet
    env = worker_env(url, stripe_url, WORKER_EXPIRE_HOLDS_CRON="* * * * * */1")
    a, b = start_worker(env), start_worker(env)
    wait_for(lambda: health(url) == 0, timeout=20)
    time.sleep(4)
    a.stop()
    b.stop()
    rows = seed.all(
        "select args->>'timestamp', count(*) from procrastinate.procrastinate_jobs"
        " where task_name = 'courtbook:expire_holds' group by 1"
    )
    assert len(rows) >= 2  # it ran every second ...
    assert all(n == 1 for _, n in rows)  # ... once per tick, whatever the number of workers
    # and never two waiting at once: the queueing lock
    assert (
        seed.one(
            "select count(*) from procrastinate.procrastinate_jobs"
            " where task_name = 'courtbook:expire_holds' and status = 'todo'"
        )
        <= 1
    )
    wait_for(lambda: health(url, max_age=2) == 1, timeout=10)  # stopped workers: unhealthy
