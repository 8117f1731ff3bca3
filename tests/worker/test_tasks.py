"""Each task's effect, run by a real procrastinate worker (in-process) on a fresh database."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from tests.worker.conftest import run_jobs
from tests.worker.seed import Seed


def jobs(seed: Seed, task: str) -> list[tuple]:
    return seed.all(
        "select id, status::text, args from procrastinate.procrastinate_jobs where task_name = %s"
        " order by id",
        (task,),
    )


def test_refund_and_notification_rows_defer_jobs_only_when_committed(seed: Seed) -> None:
    venue, court = seed.venue()
    paid = seed.paid_booking(venue, court)
    before = len(jobs(seed, "refund_payment"))
    with seed.conn.transaction():
        seed.refund(paid["payment"])
        assert len(jobs(seed, "refund_payment")) == before + 1  # same transaction
    assert len(jobs(seed, "refund_payment")) == before + 1
    # a rolled back insert leaves no job behind
    try:
        with seed.conn.transaction():
            seed.refund(paid["payment"])
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    assert len(jobs(seed, "refund_payment")) == before + 1
    n_before = len(jobs(seed, "deliver_notification"))
    nid = seed.one(
        "insert into data.notification (user_id, kind, booking_id) values (%s,"
        " 'booking_confirmed', %s)"
        " returning id",
        (paid["player"], paid["booking"]),
    )
    last = jobs(seed, "deliver_notification")[-1]
    assert len(jobs(seed, "deliver_notification")) == n_before + 1
    assert last[2] == {"notification_id": nid}
    seed.conn.execute("delete from procrastinate.procrastinate_jobs")


async def test_refund_payment_connect_charge(worker_app, seed: Seed, stripe_stub) -> None:
    stub, _ = stripe_stub
    venue, court = seed.venue(stripe_account="acct_venue1")
    paid = seed.paid_booking(venue, court, destination="acct_venue1", fee=200)
    stub.add_intent(paid["pi"], 2000, "succeeded")
    refund_id = seed.refund(paid["payment"])
    key = seed.one("select idempotency_key from data.refund where id = %s", (refund_id,))
    await run_jobs(worker_app, ["refunds"])
    posts = stub.of("POST", "/v1/refunds")
    assert len(posts) == 1
    assert posts[0].headers["idempotency-key"] == key
    assert posts[0].form["reverse_transfer"] == ["true"]
    assert posts[0].form["refund_application_fee"] == ["true"]
    assert posts[0].form["amount"] == ["2000"]
    status, stripe_id, attempts = seed.all(
        "select status::text, stripe_refund_id, attempts from data.refund where id = %s",
        (refund_id,),
    )[0]
    assert status == "succeeded" and stripe_id.startswith("re_") and attempts == 1
    told = seed.one(
        "select count(*) from data.notification where booking_id = %s and kind = 'refund_issued'",
        (paid["booking"],),
    )
    assert told == 1


async def test_refund_plain_charge_already_refunded_and_retry(
    worker_app, seed: Seed, stripe_stub
) -> None:
    stub, _ = stripe_stub
    venue, court = seed.venue()
    # plain charge: no Connect parameters
    a = seed.paid_booking(venue, court)
    stub.add_intent(a["pi"], 2000, "succeeded")
    ra = seed.refund(a["payment"])
    # refunded already at Stripe (another key): counts as done
    b = seed.paid_booking(venue, court)
    stub.add_intent(b["pi"], 2000, "succeeded")
    stub.refunds["re_earlier"] = {"id": "re_earlier", "amount": 2000, "payment_intent": b["pi"]}
    rb = seed.refund(b["payment"])
    await run_jobs(worker_app, ["refunds"])
    post_a = [r for r in stub.of("POST", "/v1/refunds") if r.form["payment_intent"] == [a["pi"]]]
    assert len(post_a) == 1 and "reverse_transfer" not in post_a[0].form
    assert seed.one("select status::text from data.refund where id = %s", (ra,)) == "succeeded"
    assert seed.one("select status::text from data.refund where id = %s", (rb,)) == "succeeded"

    # a transient Stripe failure is retried (backoff) with the same key, once it succeeds
    c = seed.paid_booking(venue, court)
    stub.add_intent(c["pi"], 2000, "succeeded")
    stub.refund_failures = 1
    rc = seed.refund(c["payment"])
    await run_jobs(worker_app, ["refunds"])
    assert seed.all(
        "select status::text, last_error like '%%APIError%%' from data.refund where id = %s", (rc,)
    )[0] == ("pending", True)
    seed.conn.execute(
        "update procrastinate.procrastinate_jobs set scheduled_at = now()"
        " where status = 'todo' and task_name = 'refund_payment'"
    )
    await run_jobs(worker_app, ["refunds"])
    posts = [r for r in stub.of("POST", "/v1/refunds") if r.form["payment_intent"] == [c["pi"]]]
    assert len(posts) == 2 and len({p.headers["idempotency-key"] for p in posts}) == 1
    assert seed.one("select status::text from data.refund where id = %s", (rc,)) == "succeeded"


async def test_deliver_notification_once(worker_app, seed: Seed, stripe_stub, monkeypatch) -> None:
    from worker.tasks import deliver_notification as dn

    dn.notifiers.cache_clear()
    stub, url = stripe_stub
    monkeypatch.setenv("SENDGRID_API_KEY", "SG.k")
    monkeypatch.setenv("NOTIFY_EMAIL_FROM", "noreply@courtbook.test")
    monkeypatch.setenv("SENDGRID_API_BASE", url)
    venue, court = seed.venue()
    player = seed.user()
    nid = seed.one(
        "insert into data.notification (user_id, kind, payload) values (%s, 'hold_expired', '{}')"
        " returning id",
        (player,),
    )
    await run_jobs(worker_app, ["notifications"])

    def mails_for(n: int) -> list:
        return [
            m
            for m in stub.of("POST", "/v3/mail/send")
            if m.body["custom_args"]["notification_id"] == str(n)
        ]

    mails = mails_for(nid)
    assert len(mails) == 1 and mails[0].body["personalizations"][0]["to"][0]["email"].startswith(
        "player-"
    )
    assert mails[0].headers["authorization"] == "Bearer SG.k"
    sent_at, last_error = seed.all(
        "select sent_at, last_error from data.notification where id = %s", (nid,)
    )[0]
    assert sent_at is not None and last_error is None
    # a second job for the same row (a redelivered job) does not send again
    seed.conn.execute(
        "select internal.defer_job('notifications', 'deliver_notification', null,"
        " jsonb_build_object('notification_id', %s::bigint))",
        (nid,),
    )
    await run_jobs(worker_app, ["notifications"])
    assert len(mails_for(nid)) == 1
    dn.notifiers.cache_clear()


async def test_expire_holds(worker_app, seed: Seed, stripe_stub) -> None:
    from worker.tasks.expire_holds import expire_holds

    stub, _ = stripe_stub
    venue, court = seed.venue()
    plain, _ = seed.booking(venue, seed.slots(court, 2, hours_ahead=72), held_for_minutes=-1)
    cancellable, _ = seed.booking(venue, seed.slots(court, hours_ahead=80), held_for_minutes=-1)
    _, pi_c = seed.payment(cancellable)
    stub.add_intent(pi_c, 2000, "requires_payment_method")
    paying, _ = seed.booking(venue, seed.slots(court, hours_ahead=84), held_for_minutes=-1)
    _, pi_p = seed.payment(paying)
    stub.add_intent(pi_p, 2000, "processing")
    live, _ = seed.booking(venue, seed.slots(court, hours_ahead=90), held_for_minutes=5)

    await expire_holds.defer_async(timestamp=0)
    await run_jobs(worker_app, ["maintenance"])

    status = dict(
        seed.all(
            "select id, status::text from data.booking where id = any(%s)",
            ([plain, cancellable, paying, live],),
        )
    )
    assert status == {
        plain: "cancelled",
        cancellable: "cancelled",
        paying: "pending",
        live: "pending",
    }
    assert (
        seed.one(
            "select count(*) from data.slot s join data.booking_slot bs on bs.slot_id = s.id"
            " where bs.booking_id = %s and s.status = 'available'",
            (plain,),
        )
        == 2
    )
    cancels = stub.of("POST", f"/v1/payment_intents/{pi_c}/cancel")
    assert len(cancels) == 1 and cancels[0].headers["idempotency-key"] == f"cancel-{pi_c}"
    assert not stub.of("POST", f"/v1/payment_intents/{pi_p}/cancel")
    told = seed.one(
        "select count(*) from data.notification where kind = 'hold_expired' and booking_id ="
        " any(%s)",
        ([plain, cancellable],),
    )
    assert told == 2


async def test_expire_holds_pages_past_holds_stripe_keeps_lapsed(
    worker_app, seed: Seed, stripe_stub
) -> None:
    """A full page of holds whose payment is still processing never hides the one after it."""
    from worker.tasks.expire_holds import expire_holds

    stub, _ = stripe_stub
    venue, court = seed.venue()
    waiting = []
    for i in range(101):
        booking, _ = seed.booking(
            venue, seed.slots(court, hours_ahead=200 + i), held_for_minutes=-1
        )
        _, pi = seed.payment(booking)
        stub.add_intent(pi, 2000, "processing")
        waiting.append(booking)
    last, _ = seed.booking(venue, seed.slots(court, hours_ahead=400), held_for_minutes=-1)
    _, pi_last = seed.payment(last)
    stub.add_intent(pi_last, 2000, "requires_payment_method")

    await expire_holds.defer_async(timestamp=3)
    await run_jobs(worker_app, ["maintenance"])

    assert seed.one("select status::text from data.booking where id = %s", (last,)) == "cancelled"
    assert (
        seed.one(
            "select count(*) from data.booking where id = any(%s) and status = 'pending'",
            (waiting,),
        )
        == 101
    )


async def test_expire_holds_frees_slots_left_held_by_a_closed_booking(
    worker_app, seed: Seed
) -> None:
    """A lazy expiry that skipped a locked slot leaves it held for a cancelled booking."""
    from worker.tasks.expire_holds import expire_holds

    venue, court = seed.venue()
    orphan_slots = seed.slots(court, 2, hours_ahead=300)
    booking, _ = seed.booking(venue, orphan_slots, held_for_minutes=-1)
    seed.conn.execute(
        "update data.booking set status = 'cancelled', cancelled_at = now() where id = %s",
        (booking,),
    )
    live_slots = seed.slots(court, hours_ahead=320)
    live, _ = seed.booking(venue, live_slots, held_for_minutes=5)

    await expire_holds.defer_async(timestamp=4)
    await run_jobs(worker_app, ["maintenance"])

    assert seed.all(
        "select id, status::text from data.slot where id = any(%s) order by id",
        (orphan_slots + live_slots,),
    ) == [(orphan_slots[0], "available"), (orphan_slots[1], "available"), (live_slots[0], "held")]
    assert (
        seed.one(
            "select count(*) from data.booking_slot where booking_id = %s and active", (booking,)
        )
        == 0
    )


async def test_expire_holds_never_piles_up(worker_app, seed: Seed) -> None:
    from procrastinate.exceptions import AlreadyEnqueued

    from worker.tasks.expire_holds import expire_holds

    await expire_holds.defer_async(timestamp=1)
    with pytest.raises(AlreadyEnqueued):
        await expire_holds.defer_async(timestamp=2)
    await run_jobs(worker_app, ["maintenance"])


async def test_reconciliation_cases(worker_app, seed: Seed, stripe_stub) -> None:
    from worker.tasks.reconcile_payments import reconcile_payments

    stub, _ = stripe_stub
    venue, court = seed.venue()
    # 1. paid, webhook missed, slots still free (hold lapsed) → confirmed
    free_b, _ = seed.booking(venue, seed.slots(court, hours_ahead=100), held_for_minutes=-3)
    _, pi_free = seed.payment(free_b)
    stub.add_intent(pi_free, 2000, "succeeded", metadata={"booking_id": str(free_b)})
    # 2. paid late, slot given to someone else meanwhile → refund queued
    taken_slots = seed.slots(court, hours_ahead=110)
    late_b, _ = seed.booking(venue, taken_slots, held_for_minutes=-30)
    _, pi_late = seed.payment(late_b)
    seed.conn.execute(
        "update data.booking set status = 'cancelled', cancelled_at = now() where id = %s",
        (late_b,),
    )
    seed.conn.execute(
        "update data.booking_slot set active = false where booking_id = %s", (late_b,)
    )
    seed.conn.execute(
        "update data.slot set status = 'available', held_by = null, held_until = null"
        " where id = any(%s)",
        (taken_slots,),
    )
    other, _ = seed.booking(venue, taken_slots, status="confirmed")
    stub.add_intent(pi_late, 2000, "succeeded", metadata={"booking_id": str(late_b)})
    # 3. unknown to data.payment, metadata names the booking → recorded, then confirmed
    unknown_b, _ = seed.booking(venue, seed.slots(court, hours_ahead=120), held_for_minutes=3)
    pi_unknown = "pi_unknownbooking01"
    stub.add_intent(pi_unknown, 2000, "succeeded", metadata={"booking_id": str(unknown_b)})
    # 4. booked but not paid → case for a human
    unpaid_b, _ = seed.booking(venue, seed.slots(court, hours_ahead=130), status="confirmed")
    _, pi_unpaid = seed.payment(unpaid_b, status="requires_payment")
    stub.add_intent(pi_unpaid, 2000, "requires_payment_method")
    # noise: old and unpaid intents, more than one page
    stub.add_intent("pi_old", 2000, "succeeded", created=int(dt.datetime(2020, 1, 1).timestamp()))
    stub.add_intent("pi_open1", 2000, "requires_payment_method")

    await reconcile_payments.defer_async(timestamp=0)
    await run_jobs(worker_app, ["maintenance"])

    status = dict(
        seed.all(
            "select id, status::text from data.booking where id = any(%s)",
            ([free_b, late_b, unknown_b, unpaid_b, other],),
        )
    )
    assert status[free_b] == "confirmed"
    assert status[unknown_b] == "confirmed"
    assert status[late_b] == "cancelled" and status[other] == "confirmed"
    assert (
        seed.one(
            "select count(*) from data.refund where booking_id = %s and status = 'pending'",
            (late_b,),
        )
        == 1
    )
    assert (
        seed.one(
            "select count(*) from data.reconciliation_case where kind = 'booked_not_paid'"
            " and booking_id = %s",
            (unpaid_b,),
        )
        == 1
    )
    lists = stub.of("GET", "/v1/payment_intents")
    assert any("starting_after" in r.query for r in lists)  # paginated
    assert all("created[gte]" in r.query for r in lists if r.path == "/v1/payment_intents")
    # a second run changes nothing and files no second case
    await reconcile_payments.defer_async(timestamp=1)
    await run_jobs(worker_app, ["maintenance"])
    assert (
        seed.one("select count(*) from data.reconciliation_case where booking_id = %s", (unpaid_b,))
        == 1
    )
    assert seed.one("select count(*) from data.refund where booking_id = %s", (late_b,)) == 1


async def test_extend_slot_horizon(worker_app, seed: Seed) -> None:
    from worker.tasks.extend_slot_horizon import extend_slot_horizon

    venue, court = seed.venue()
    seed.conn.execute(
        "insert into data.availability_rule (court_id, weekday, opens, closes, slot_minutes,"
        " price_cents)"
        " select %s, d, '09:00', '12:00', 60, 1500 from generate_series(1, 7) d",
        (court,),
    )
    await extend_slot_horizon.defer_async(timestamp=0, days=3)
    await run_jobs(worker_app, ["maintenance"])
    n = seed.one(
        "select count(*) from data.slot where court_id = %s and price_cents = 1500", (court,)
    )
    assert n >= 6  # 3 local days × 3 slots, minus what already started today


async def test_build_payout_reports(worker_app, seed: Seed) -> None:
    from worker.tasks.build_payout_reports import build_payout_reports, last_complete_week

    start, end = last_complete_week(dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC))  # a Wednesday
    assert (start, end) == (dt.date(2026, 2, 23), dt.date(2026, 3, 2))
    venue, court = seed.venue(timezone="America/New_York", stripe_account="acct_x")
    seed.conn.execute("update data.venue set created_at = '2025-01-01' where id = %s", (venue,))
    a = seed.paid_booking(venue, court, destination="acct_x", fee=200)
    b = seed.paid_booking(venue, court, destination="acct_x", fee=200)
    # both paid inside the week (New York local), one refunded half inside it, one paid outside
    seed.conn.execute(
        "update data.payment set succeeded_at = '2026-02-24 15:00-05' where id = any(%s)",
        ([a["payment"], b["payment"]],),
    )
    r = seed.refund(b["payment"], amount=1000)
    seed.conn.execute(
        "update data.refund set status = 'succeeded', updated_at = '2026-03-01 23:30-05'"
        " where id = %s",
        (r,),
    )
    c = seed.paid_booking(venue, court, destination="acct_x", fee=200)
    seed.conn.execute(
        "update data.payment set succeeded_at = '2026-03-02 01:00-05' where id = %s",
        (c["payment"],),
    )  # Monday local: next week
    await build_payout_reports.defer_async(
        timestamp=0, period_start="2026-02-23", period_end="2026-03-02"
    )
    await run_jobs(worker_app, ["maintenance"])
    row = seed.all(
        "select bookings, gross_cents, fee_cents, refunded_cents, net_cents, currency"
        " from data.payout_report where venue_id = %s",
        (venue,),
    )
    # gross 4000, fee 400 - 100 returned with the half refund, refunded 1000, net 4000-1000-300
    assert row == [(2, 4000, 300, 1000, 2700, "EUR")]
    # idempotent: run again, same single row
    await build_payout_reports.defer_async(
        timestamp=1, period_start="2026-02-23", period_end="2026-03-02"
    )
    await run_jobs(worker_app, ["maintenance"])
    assert seed.one("select count(*) from data.payout_report where venue_id = %s", (venue,)) == 1


async def test_notification_claimed_by_a_dead_worker_is_delivered_after_its_lease(
    worker_app, seed: Seed, stripe_stub
) -> None:
    """At least once: a worker claims a row (the lease), dies before sending; its retried
    job finds the lease live and leaves it; once the lease ran out the sweep delivers it."""
    from worker.tasks.deliver_notification import deliver, redeliver

    player = seed.user()
    nid = seed.one(
        "insert into data.notification (user_id, kind) values (%s, 'hold_expired') returning id",
        (player,),
    )
    # claimed as deliver_notification claims it (short lease), then the worker died
    seed.one("select internal.notification_to_send(%s, interval '0.5 seconds', 6)", (nid,))
    sent: list[Any] = []

    class Recording:
        channel = "log"

        def can_send(self, message: object) -> bool:
            return True

        async def send(self, message: object) -> dict:
            sent.append(message)
            return {}

    assert await deliver(nid, final_attempt=False, adapters=[Recording()]) == "skipped"
    assert sent == []  # the lease is live: nobody else sends it yet
    await asyncio.sleep(0.6)
    outcome = await redeliver(adapters=[Recording()], min_age=dt.timedelta(0))
    assert outcome[nid] == "sent:log"
    assert [m.notification_id for m in sent].count(nid) == 1
    status, attempts, sent_at, leased_until = seed.all(
        "select status, attempts, sent_at, leased_until from data.notification where id = %s",
        (nid,),
    )[0]
    assert (status, attempts) == ("sent", 2) and sent_at is not None and leased_until is None
    # sent is sent: neither the sweep nor a redelivered job sends it again
    await redeliver(adapters=[Recording()], min_age=dt.timedelta(0))
    assert await deliver(nid, final_attempt=False, adapters=[Recording()]) == "skipped"
    assert [m.notification_id for m in sent].count(nid) == 1


async def test_payout_report_counts_what_the_platform_holds(worker_app, seed: Seed) -> None:
    """A venue whose Stripe account could not take charges yet is paid on the
    platform (no destination): never skipped, its money is in held_cents."""
    from worker.tasks.build_payout_reports import build_payout_reports

    venue, court = seed.venue(stripe_account="acct_late")
    seed.conn.execute("update data.venue set created_at = '2025-01-01' where id = %s", (venue,))
    held = seed.paid_booking(venue, court)  # paid before onboarding finished: platform charge
    direct = seed.paid_booking(venue, court, destination="acct_late", fee=200)
    seed.conn.execute(
        "update data.payment set succeeded_at = '2026-02-24 12:00+01' where id = any(%s)",
        ([held["payment"], direct["payment"]],),
    )
    r = seed.refund(held["payment"], amount=500)
    seed.conn.execute(
        "update data.refund set status = 'succeeded', updated_at = '2026-02-25 12:00+01'"
        " where id = %s",
        (r,),
    )
    await build_payout_reports.defer_async(
        timestamp=0, period_start="2026-02-23", period_end="2026-03-02"
    )
    await run_jobs(worker_app, ["maintenance"])
    row = seed.all(
        "select gross_cents, fee_cents, refunded_cents, net_cents, held_cents"
        " from data.payout_report where venue_id = %s",
        (venue,),
    )
    # gross 4000, fee 200 (the destination charge's), refunded 500 of the platform charge;
    # net 3300, of which the platform holds 2000 - 500 = 1500 for the venue
    assert row == [(4000, 200, 500, 3300, 1500)]


async def test_reconcile_settles_split_share_payments(worker_app, seed: Seed, stripe_stub) -> None:
    """A split booking's share PaymentIntents (data.share_payment) are not the booking's
    own: reconciliation applies a succeeded share whose webhook was missed and leaves an
    applied one alone, never recording either as the booking's payment (issue 22's soak:
    every succeeded share answered payment_exists, logged as could not settle)."""
    from worker.tasks.reconcile_payments import reconcile

    stub, _ = stripe_stub
    venue, court = seed.venue()
    booking, organizer = seed.booking(venue, seed.slots(court, hours_ahead=140), status="confirmed")
    _, pi_org = seed.payment(booking, status="succeeded")
    seed.conn.execute(
        "insert into data.booking_split (booking_id, shares, share_cents, invite_code, pay_by)"
        " values (%s, 3, 700, %s, now() + interval '2 days')",
        (booking, f"inv{booking:013d}"),
    )
    players = [organizer, seed.user(), seed.user()]
    shares = [
        seed.one(
            "insert into data.booking_share (booking_id, number, amount_cents, player_id, status,"
            " taken_at, paid_at) values (%s, %s, %s, %s, %s, now(), %s) returning id",
            (
                booking,
                n,
                600 if n == 1 else 700,
                players[n - 1],
                "paid" if n < 3 else "taken",
                dt.datetime.now(dt.UTC) if n < 3 else None,
            ),
        )  # fmt: skip
        for n in (1, 2, 3)
    ]

    def share_payment(share: int, player: str, pi: str, status: str) -> int:
        return int(
            seed.one(
                "insert into data.share_payment (booking_id, kind, share_id, player_id,"
                " idempotency_key, stripe_payment_intent_id, amount_cents, currency, status,"
                " amount_received_cents, succeeded_at) values (%s, 'share', %s, %s, %s, %s, 700,"
                " 'EUR', %s, case when %s = 'succeeded' then 700 end,"
                " case when %s = 'succeeded' then now() end) returning id",
                (booking, share, player, f"pi-share-{share}-1", pi, status, status, status),
            )
        )

    applied = share_payment(shares[1], players[1], "pi_shareapplied01", "succeeded")
    missed = share_payment(shares[2], players[2], "pi_sharemissed001", "requires_payment")
    meta = {"booking_id": str(booking), "kind": "share"}
    stub.add_intent(pi_org, 2000, "succeeded", metadata={"booking_id": str(booking)})
    stub.add_intent(
        "pi_shareapplied01", 700, "succeeded", metadata={**meta, "share_id": str(shares[1])}
    )
    stub.add_intent(
        "pi_sharemissed001", 700, "succeeded", metadata={**meta, "share_id": str(shares[2])}
    )

    # A share PaymentIntent courtbook never stored (its id lost): a case, not the booking's.
    stub.add_intent("pi_shareunknown01", 700, "succeeded", metadata={**meta, "share_id": "0"})

    def settled(result: dict) -> dict:  # other tests' bookings: booked_not_paid cases
        return {k: v for k, v in result["outcomes"].items() if k != "booked_not_paid"}

    result = await reconcile(24)

    assert "error" not in result["outcomes"], result
    assert settled(result) == {"share_paid": 1, "unknown_payment": 1}, result
    assert seed.all(
        "select kind, booking_id from data.reconciliation_case"
        " where stripe_payment_intent_id = 'pi_shareunknown01'"
    ) == [("unknown_payment", booking)]
    assert seed.all(
        "select id, status::text, amount_received_cents from data.share_payment"
        " where booking_id = %s order by id",
        (booking,),
    ) == [(applied, "succeeded", 700), (missed, "succeeded", 700)]
    assert seed.one("select status::text from data.booking_share where id = %s", (shares[2],)) == (
        "paid"
    )
    # Only the organizer's PaymentIntent is the booking's payment.
    assert seed.all(
        "select stripe_payment_intent_id from data.payment where booking_id = %s", (booking,)
    ) == [(pi_org,)]
    # A second run settles nothing again (the unknown one stays one case).
    assert settled(await reconcile(24)) == {"unknown_payment": 1}
    assert (
        seed.one(
            "select count(*) from data.reconciliation_case"
            " where stripe_payment_intent_id = 'pi_shareunknown01'"
        )
        == 1
    )
