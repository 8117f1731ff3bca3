"""expire_waitlist_offer (issue 21), run by real procrastinate workers: a lapsed
offer is expired at its deadline and the slot passes to the next entry; a job
that runs early is retried, a paid offer is left alone; the offer's email goes
out through deliver_notification."""

from __future__ import annotations

import uuid

from tests.engine.helpers import call, connect
from tests.worker.conftest import run_jobs, wait_for, worker_env, worker_url
from tests.worker.seed import Seed
from worker.notify.render import render


def offer_scenario(seed: Seed, url: str) -> dict:
    """A holder releases a slot two players wait for: the first gets the offer."""
    venue, court = seed.venue()
    [slot] = seed.slots(court, hours_ahead=96)
    holder, first, second = (uuid.UUID(seed.user()) for _ in range(3))
    start, end = seed.all("select start_at, end_at from data.slot where id = %s", (slot,))[0]
    with connect(url) as c:
        booking = call(
            c, "player", holder, "select to_json(api.hold_slots(%s::bigint[]))", ([slot],)
        )
        entries = [
            call(
                c,
                "player",
                p,
                'select to_json(api.join_waitlist(court_id => %s, "from" => %s, "to" => %s))',
                (court, start, end),
            )["waitlist_id"]
            for p in (first, second)
        ]
        call(c, "player", holder, "select to_json(api.release_hold(%s))", (booking["booking_id"],))
    offer = seed.one(
        "select offer_booking_id from data.waitlist_entry where id = %s", (entries[0],)
    )
    return {"slot": slot, "entries": entries, "offer": offer, "players": (first, second)}


def lapse_and_make_due(seed: Seed, booking: int) -> None:
    """Time passes until just after the offer's deadline (the slot keeps its grace),
    and the scheduled job is due."""
    seed.conn.execute(
        "with shift as (select held_until - (now() - interval '1 second') as d"
        "               from data.booking where id = %(b)s),"
        " s as (update data.slot set held_until = held_until - (select d from shift)"
        "       where id in (select slot_id from data.booking_slot where booking_id = %(b)s"
        "                    and active)),"
        " j as (update procrastinate.procrastinate_jobs set scheduled_at = now()"
        "       where task_name = 'expire_waitlist_offer'"
        "         and (args ->> 'booking_id')::bigint = %(b)s)"
        " update data.booking set held_until = held_until - (select d from shift) where id = %(b)s",
        {"b": booking},
    )


def offer_jobs(seed: Seed, booking: int) -> list[tuple]:
    return seed.all(
        "select status::text, attempts from procrastinate.procrastinate_jobs"
        " where task_name = 'expire_waitlist_offer' and (args ->> 'booking_id')::bigint = %s"
        " order by id",
        (booking,),
    )


def statuses(seed: Seed, entries: list[int]) -> list[str]:
    return [seed.one("select status from data.waitlist_entry where id = %s", (e,)) for e in entries]


async def test_a_lapsed_offer_moves_to_the_next_entry(
    worker_app, seed: Seed, courtbook_db: str
) -> None:
    s = offer_scenario(seed, courtbook_db)
    assert offer_jobs(seed, s["offer"]) == [("todo", 0)]
    await run_jobs(worker_app, ["maintenance"])
    assert offer_jobs(seed, s["offer"]) == [("todo", 0)]  # scheduled for the deadline: not yet

    lapse_and_make_due(seed, s["offer"])
    await run_jobs(worker_app, ["maintenance"])
    assert offer_jobs(seed, s["offer"]) == [("succeeded", 1)]  # one run
    assert statuses(seed, s["entries"]) == ["expired", "offered"]
    second_offer = seed.one(
        "select offer_booking_id from data.waitlist_entry where id = %s", (s["entries"][1],)
    )
    assert seed.one("select held_by from data.slot where id = %s", (s["slot"],)) == s["players"][1]
    assert offer_jobs(seed, second_offer) == [("todo", 0)]  # the next offer's own deadline


async def test_an_early_job_is_retried_and_a_paid_offer_left_alone(
    worker_app, seed: Seed, courtbook_db: str
) -> None:
    s = offer_scenario(seed, courtbook_db)
    # the job comes due before the offer lapsed (a skewed clock): retried later
    seed.conn.execute(
        "update procrastinate.procrastinate_jobs set scheduled_at = now()"
        " where task_name = 'expire_waitlist_offer' and (args ->> 'booking_id')::bigint = %s",
        (s["offer"],),
    )
    await run_jobs(worker_app, ["maintenance"])
    [(status, attempts)] = offer_jobs(seed, s["offer"])
    assert (status, attempts) == ("todo", 1)
    assert statuses(seed, s["entries"]) == ["offered", "waiting"]

    # the player pays; then the job runs: nothing to do
    seed.conn.execute(
        "update data.booking set status = 'confirmed', confirmed_at = now() where id = %s",
        (s["offer"],),
    )
    lapse_and_make_due(seed, s["offer"])
    await run_jobs(worker_app, ["maintenance"])
    assert offer_jobs(seed, s["offer"]) == [("succeeded", 2)]
    assert statuses(seed, s["entries"]) == ["booked", "waiting"]


def test_worker_processes_pass_a_lapsed_offer_on_and_send_the_offer_email(
    courtbook_db, seed: Seed, stripe_stub, start_worker
) -> None:
    """Two worker processes: the lapsed offer is expired once, the second player
    gets the slot, and each waitlist_offer email goes out once."""
    stub, stripe_url = stripe_stub
    s = offer_scenario(seed, courtbook_db)
    lapse_and_make_due(seed, s["offer"])
    url = worker_url(courtbook_db)
    workers = [start_worker(worker_env(url, stripe_url)) for _ in range(2)]

    def passed_on() -> bool:
        return statuses(seed, s["entries"]) == ["expired", "offered"]

    wait_for(passed_on, timeout=40)

    def mailed() -> bool:
        return (
            seed.one(
                "select count(*) from data.notification where kind = 'waitlist_offer'"
                " and user_id = any(%s) and sent_at is not null and last_error is null",
                (list(s["players"]),),
            )
            == 2
        )

    wait_for(mailed, timeout=40)
    assert offer_jobs(seed, s["offer"]) == [("succeeded", 1)]  # run once, by one of them
    mails = [m.body for m in stub.of("POST", "/v3/mail/send")]
    emails = {
        e
        for (e,) in seed.all(
            "select email from data.app_user where id = any(%s)", (list(s["players"]),)
        )
    }
    theirs = [m for m in mails if m["personalizations"][0]["to"][0]["email"] in emails]
    # an offer each, and the first player's "hold expired" when theirs lapsed
    assert sorted(m["subject"] for m in theirs) == [
        "A court is free for you",
        "A court is free for you",
        "Hold expired",
    ]
    ids = [m["custom_args"]["notification_id"] for m in mails]
    assert len(ids) == len(set(ids))
    for w in workers:
        assert "Traceback" not in w.output()


def test_the_offer_message_names_the_booking_the_price_and_the_local_deadline() -> None:
    message = render(
        {
            "notification_id": 9,
            "kind": "waitlist_offer",
            "booking_id": 42,
            "payload": {
                "amount_cents": 2000,
                "currency": "EUR",
                "offer_until": "2026-12-03T17:05:00+00:00",
                "timezone": "Europe/Madrid",
                "channel": "push",
            },
            "email": "ana@example.test",
            "push_tokens": ["tok"],
        }
    )
    assert message.title == "A court is free for you"
    assert "#42" in message.body and "20.00 EUR" in message.body
    assert "until 18:05" in message.body  # the venue's wall clock
    assert message.data["booking_id"] == "42"
