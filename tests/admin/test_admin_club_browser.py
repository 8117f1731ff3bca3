"""The admin panel for running a club (issue 20), in a real headless Chromium through
nginx and pgrst on a fresh database (the stack of tests/admin/browser.py): the desk (a
walk-in booked from the week grid, check-in, a no-show and its undo), a recurring
series with a conflict (preview, fail mode refused with the conflicting slot, skip mode,
cancel), the cancellation policy editor (a refusal shown, two tiers saved), and staff
(invited with the bookings permission only: no Stripe tab, the Stripe and policy pages
refuse, the API refuses too; then removed)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from tests.admin.browser import PASSWORD, Stack, login, logout, shot

TZ = "Europe/Madrid"
STATE: dict[str, object] = {}


def local_date(when: datetime) -> str:
    return when.astimezone(ZoneInfo(TZ)).date().isoformat()


def rpc(stack: Stack, fn: str, token: str, body: dict) -> dict:
    r = stack.api("POST", f"/rpc/{fn}", token, json=body)
    assert r.status_code == 200, f"{fn}: {r.status_code} {r.text}"
    return r.json()


def add_slot(stack: Stack, court_id: int, start: datetime, minutes: int = 60) -> int:
    [(slot_id,)] = stack.sql(
        "insert into data.slot (court_id, start_at, end_at, price_cents)"
        " values (%s, %s, %s, 2400) returning id",
        court_id,
        start,
        start + timedelta(minutes=minutes),
    )
    return int(slot_id)


def test_set_up_a_club(stack: Stack) -> None:
    """Through the API: the owner's venue in Madrid, a desk court whose slots sit around
    now (inserted, so the check-in and no-show windows are open whatever the hour) and a
    league court with opening hours and 5 weeks of slots."""
    token = stack.owner.token
    v = rpc(
        stack,
        "create_venue",
        token,
        {
            "name": "Club Desk Madrid",
            "address": "Calle Club 1",
            "city": "Madrid",
            "lat": 40.42,
            "lng": -3.70,
            "timezone": TZ,
            "currency": "EUR",
        },
    )
    venue_id = v["venue_id"]
    desk_court = rpc(
        stack, "create_court", token, {"venue_id": venue_id, "name": "Pista 1", "sport": "padel"}
    )["court_id"]
    league_court = rpc(
        stack, "create_court", token, {"venue_id": venue_id, "name": "Pista 2", "sport": "padel"}
    )["court_id"]
    rules = [
        {"weekday": d, "opens": "09:00", "closes": "13:00", "slot_minutes": 60, "price_cents": 2000}
        for d in range(1, 8)
    ]
    rpc(stack, "set_availability", token, {"court_id": league_court, "rules": rules})
    rpc(stack, "generate_slots", token, {"court_id": league_court, "days": 36})
    now = datetime.now(tz=ZoneInfo("UTC")).replace(second=0, microsecond=0)
    STATE.update(venue_id=venue_id, desk_court=desk_court, league_court=league_court, now=now)
    # the walk-in's slot starts in 30 minutes (check-in opens 60 minutes before)
    STATE["walk_in_slot"] = add_slot(stack, desk_court, now + timedelta(minutes=30))
    # a phone booking made earlier whose start has passed: booked while in the future,
    # then its slot moved to have started 30 minutes ago (time passing)
    late = add_slot(stack, desk_court, now + timedelta(hours=3))
    b = rpc(
        stack,
        "owner_book",
        token,
        {"slot_ids": [late], "customer_name": "Nick Noshow", "customer_phone": "+34600111222"},
    )
    stack.sql(
        "update data.slot set start_at = %s, end_at = %s where id = %s",
        now - timedelta(minutes=30),
        now + timedelta(minutes=30),
        late,
    )
    STATE["late_booking"] = b["booking_id"]
    STATE["late_start"] = now - timedelta(minutes=30)


def test_desk_books_a_walk_in_from_the_week_grid_and_checks_it_in(page, stack: Stack) -> None:
    venue_id = STATE["venue_id"]
    slot_id = STATE["walk_in_slot"]
    login(page, stack, stack.owner.email)
    page.goto(f"{stack.base}/admin/venues/{venue_id}/desk")
    page.get_by_role("heading", name=re.compile(r"^Desk")).wait_for()
    day = local_date(STATE["now"] + timedelta(minutes=30))
    page.get_by_label("Day (venue date)").fill(day)
    page.get_by_label("Court for the booking").select_option(label="Pista 1")
    slot = page.locator(f"button.slot[data-slot-id='{slot_id}']")
    slot.click()
    assert slot.get_attribute("aria-pressed") == "true"
    page.get_by_label("Customer name", exact=True).fill("Wendy Walkin")
    page.get_by_label("Phone", exact=True).fill("+34600333444")
    page.get_by_role("button", name="Book for the customer (pay at the venue)").click()
    notice = page.get_by_text(re.compile(r"Booked #\d+ for Wendy Walkin: 1 slot, €24\.00"))
    notice.wait_for()
    booking_id = int(re.search(r"#(\d+)", notice.inner_text()).group(1))
    STATE["walk_in_booking"] = booking_id
    assert stack.sql(
        "select status::text, paid_at_venue, customer_name, customer_phone from data.booking"
        " where id = %s",
        booking_id,
    ) == [("confirmed", True, "Wendy Walkin", "+34600333444")]
    page.locator(f"button.slot[data-slot-id='{slot_id}'][data-status='booked']").wait_for()
    # no Stripe payment, no commission
    assert stack.sql("select count(*) from data.payment where booking_id = %s", booking_id) == [
        (0,)
    ]

    # the day's list shows it under its court, check-in open (it starts in 30 minutes)
    court = page.locator(f"section.desk-court[data-court-id='{STATE['desk_court']}']")
    row = court.locator(f"tr[data-booking-id='{booking_id}']")
    row.wait_for()
    assert "Wendy Walkin" in row.inner_text() and "Pay at venue" in row.inner_text()
    assert row.get_by_role("button", name=re.compile("No-show")).count() == 0  # not started
    shot(page, "20-desk-walk-in")
    row.get_by_role("button", name=f"Check in booking {booking_id}").click()
    page.get_by_text(re.compile(rf"Booking #{booking_id} checked in at \d\d:\d\d\.")).wait_for()
    row.get_by_text(re.compile(r"Checked in \d\d:\d\d")).wait_for()
    assert stack.sql(
        "select checked_in_at is not null from data.booking where id = %s", booking_id
    ) == [(True,)]


def test_desk_marks_a_no_show_and_the_owner_undoes_it(page, stack: Stack) -> None:
    booking_id = STATE["late_booking"]
    page.get_by_label("Day (venue date)").fill(local_date(STATE["late_start"]))
    row = page.locator(f"tr[data-booking-id='{booking_id}']")
    row.wait_for()
    assert "Nick Noshow" in row.inner_text() and "+34600111222" in row.inner_text()
    row.get_by_role("button", name=f"No-show booking {booking_id}").click()
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_text("Nick Noshow did not come").wait_for()
    shot(page, "21-desk-no-show-confirm")
    dialog.get_by_role("button", name="Mark as a no-show").click()
    page.get_by_text(re.compile(rf"Booking #{booking_id} marked as a no-show")).wait_for()
    assert stack.sql(
        "select no_show_at is not null from data.booking where id = %s", booking_id
    ) == [(True,)]
    row.get_by_text("No-show", exact=True).wait_for()
    shot(page, "22-desk")
    row.get_by_role("button", name=f"Undo no-show booking {booking_id}").click()
    page.get_by_text(re.compile(rf"No-show of booking #{booking_id} undone")).wait_for()
    assert stack.sql("select no_show_at from data.booking where id = %s", booking_id) == [(None,)]
    row.get_by_role("button", name=f"No-show booking {booking_id}").wait_for()  # markable again


def test_a_series_with_a_conflict_is_previewed_refused_in_fail_mode_and_booked_skipping(
    page, stack: Stack
) -> None:
    venue_id = STATE["venue_id"]
    court = STATE["league_court"]
    # the first week two days on, 10:00 Madrid time; a player holds week 2's slot
    today = datetime.now(tz=ZoneInfo(TZ)).date()
    first = datetime.combine(today + timedelta(days=2), datetime.min.time(), ZoneInfo(TZ))
    first = first.replace(hour=10)
    week2 = first + timedelta(days=7)  # wall-clock arithmetic: 10:00 local across DST
    [(held,)] = stack.sql(
        "select id from data.slot where court_id = %s and start_at = %s", court, week2
    )
    rpc(stack, "hold_slots", stack.player.token, {"slot_ids": [held]})

    page.goto(f"{stack.base}/admin/venues/{venue_id}/series")
    page.get_by_role("heading", name="New series").wait_for()
    page.get_by_text("No series yet.").wait_for()
    page.get_by_label("Series court").select_option(label="Pista 2")
    page.get_by_label("First day (venue date)").fill(first.date().isoformat())
    page.get_by_label("Start (venue time)").fill("10:00")
    page.get_by_label("Weeks", exact=True).fill("4")
    page.get_by_role("button", name="Preview weeks").click()
    weeks = page.get_by_role("table", name="Weeks of the series")
    weeks.wait_for()
    page.get_by_text("3 of 4 weeks free, 1 with a conflict.").wait_for()
    conflict = weeks.locator("tr[data-week='2']")
    assert conflict.get_attribute("data-status") == "conflict"
    assert "held by a player" in conflict.inner_text()
    assert week2.date().isoformat() in conflict.inner_text() and "10:00" in conflict.inner_text()
    assert weeks.locator("tr[data-status='free']").count() == 3
    shot(page, "25-series-preview")

    page.get_by_label("Customer name for the series").fill("Liga Martes")
    page.get_by_role("button", name="Book series").click()  # fail mode: all or nothing
    refusal = page.get_by_role("alert").filter(has_text="Nothing was booked")
    refusal.wait_for()
    assert f"Conflicting slots: {held}." in refusal.inner_text(), refusal.inner_text()
    assert stack.sql("select count(*) from data.booking_series where venue_id = %s", venue_id) == [
        (0,)
    ]
    shot(page, "26-series-conflict")

    page.get_by_label("Skip those weeks").check()
    page.get_by_role("button", name="Book series").click()
    done = page.get_by_text(re.compile(r"Series #\d+ booked: 3 weeks; skipped 1: "))
    done.wait_for()
    assert f"{week2.date().isoformat()} 10:00" in done.inner_text()
    series_id = int(re.search(r"#(\d+)", done.inner_text()).group(1))
    rows = stack.sql(
        "select b.status::text, b.paid_at_venue, b.customer_name from data.booking b"
        " where b.series_id = %s",
        series_id,
    )
    assert rows == [("confirmed", True, "Liga Martes")] * 3
    row = page.locator(f"tr[data-series-id='{series_id}']")
    row.wait_for()
    assert "Pista 2" in row.inner_text() and "Liga Martes" in row.inner_text()
    assert re.search(r"\b3\b", row.inner_text())
    shot(page, "27-series")

    row.get_by_role("button", name=f"Cancel series {series_id}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Cancel every future week").click()
    page.get_by_text(f"Series #{series_id}: 3 bookings cancelled.").wait_for()
    assert stack.sql(
        "select count(*) from data.booking where series_id = %s and status = 'confirmed'",
        series_id,
    ) == [(0,)]


def test_the_owner_sets_a_two_tier_cancellation_policy(page, stack: Stack) -> None:
    """The Cancellation policy tab: the migrated window in words, a refused policy (a
    nearer tier refunding more) showing the server's message, then two tiers saved."""
    venue_id = STATE["venue_id"]
    page.goto(f"{stack.base}/admin/venues/{venue_id}/policy")
    page.get_by_role("heading", name="Cancellation policy").wait_for()
    words = page.get_by_test_id("policy-words")
    assert words.inner_text() == "More than 24 h before: 100 %; later: nothing"
    page.get_by_label("Hours before the start, tier 1").fill("48")
    page.get_by_label("Refund percent, tier 1").fill("10")
    page.get_by_role("button", name="Add a tier").click()
    page.get_by_label("Hours before the start, tier 2").fill("24")
    page.get_by_label("Refund percent, tier 2").fill("50")
    page.get_by_role("button", name="Save policy").click()
    page.get_by_role("alert").get_by_text(
        re.compile("A tier nearer the start may not refund more than a tier further from it")
    ).wait_for()
    assert stack.sql("select cancellation_policy from data.venue where id = %s", venue_id) == [
        ([{"min_minutes_before": 1440, "refund_percent": 100}],)
    ]
    page.get_by_label("Refund percent, tier 1").fill("100")
    page.get_by_role("button", name="Save policy").click()
    page.get_by_text(
        "Saved: More than 48 h before: 100 %; more than 24 h: 50 %; later: nothing."
    ).wait_for()
    assert (
        words.inner_text() == "More than 48 h before: 100 %; more than 24 h: 50 %; later: nothing"
    )
    assert stack.sql(
        "select cancellation_policy, cancellation_window_minutes from data.venue where id = %s",
        venue_id,
    ) == [
        (
            [
                {"min_minutes_before": 2880, "refund_percent": 100},
                {"min_minutes_before": 1440, "refund_percent": 50},
            ],
            2880,
        )
    ]
    shot(page, "29-cancellation-policy")


def test_the_owner_invites_a_desk_member_who_cannot_open_the_stripe_page(
    page, stack: Stack
) -> None:
    venue_id = STATE["venue_id"]
    email = f"desk-{uuid.uuid4().hex[:6]}@browser.test"
    page.goto(f"{stack.base}/admin/venues/{venue_id}/staff")
    page.get_by_text("No staff yet.").wait_for()
    page.get_by_label("Staff email").fill(email)
    page.get_by_label("Full name").fill("Dana Desk")
    perms = page.get_by_role("group", name="Permissions")
    assert perms.get_by_label(re.compile("^Bookings")).is_checked()  # the default
    assert not perms.get_by_label(re.compile("^Reports")).is_checked()
    page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_text(f"Invited {email} (bookings). A new account was made").wait_for()
    [(user_id, granted)] = stack.sql(
        "select s.user_id::text, s.permissions from data.venue_staff s"
        " join data.app_user u on u.id = s.user_id where u.email = %s",
        email,
    )
    assert granted == ["bookings"]
    STATE["staff_user"] = user_id
    page.locator(f"tr[data-user-id='{user_id}']").get_by_text("Dana Desk").wait_for()
    shot(page, "28-staff")
    [(code,)] = stack.sql(
        "select n.payload ->> 'code' from data.notification n join data.app_user u"
        " on u.id = n.user_id where u.email = %s and n.kind = 'staff_invited'",
        email,
    )
    r = stack.api(
        "POST",
        "/rpc/reset_password",
        json={"email": email, "code": code, "new_password": PASSWORD},
    )
    assert r.status_code == 200, r.text
    STATE["staff_email"] = email
    logout(page)
    login(page, stack, email)
    page.goto(f"{stack.base}/admin/")
    page.get_by_role("heading", name="Venues you work at").wait_for()
    page.get_by_text("You own no venue yet.").wait_for()
    page.get_by_role("link", name="Club Desk Madrid").click()
    page.get_by_role("heading", name="Your access").wait_for()
    tabs = page.get_by_role("navigation", name="Venue")
    tabs.get_by_role("link", name="Desk").wait_for()
    names = tabs.get_by_role("link").all_inner_texts()
    assert names == ["Overview", "Desk", "Bookings", "Series"], names
    # the policy the owner set above, in the words the owner's policy page uses
    page.get_by_test_id("staff-policy").get_by_text(
        "More than 48 h before: 100 %; more than 24 h: 50 %; later: nothing"
    ).wait_for()
    shot(page, "23-staff-overview")
    # by URL, the Stripe page refuses itself
    page.goto(f"{stack.base}/admin/venues/{venue_id}/stripe")
    page.get_by_role("heading", name="Not allowed").wait_for()
    assert page.get_by_role("heading", name="Payments (Stripe)").count() == 0
    assert page.get_by_role("button", name=re.compile("Connect|Stripe")).count() == 0
    shot(page, "24-staff-stripe-refused")
    for path in ("staff", "report", "courts", "policy"):
        page.goto(f"{stack.base}/admin/venues/{venue_id}/{path}")
        page.get_by_role("heading", name="Not allowed").wait_for()
    # and the API refuses it too: no Stripe settings, no onboarding link for staff
    token = page.evaluate(
        "() => JSON.parse(sessionStorage.getItem('courtbook.admin.session')).token"
    )
    assert stack.api("GET", f"/my_venues?id=eq.{venue_id}", token).json() == []
    onboarding = httpx.post(
        f"{stack.base}/payments/connect/onboarding",
        json={"venue_id": venue_id},
        headers={"Authorization": f"Bearer {token}"},
        verify=False,
        timeout=10,
    )
    assert onboarding.status_code in (403, 404), onboarding.text
    # the desk works for them: the walk-in checked in earlier is there
    page.goto(f"{stack.base}/admin/venues/{venue_id}/desk")
    page.get_by_label("Day (venue date)").fill(local_date(STATE["now"] + timedelta(minutes=30)))
    row = page.locator(f"tr[data-booking-id='{STATE['walk_in_booking']}']")
    row.get_by_text(re.compile(r"Checked in \d\d:\d\d")).wait_for()
    logout(page)


def test_the_owner_removes_the_staff_member(page, stack: Stack) -> None:
    venue_id = STATE["venue_id"]
    email = STATE["staff_email"]
    # a session of the staff member's own, through the API (the browser's was logged out)
    staff_token = rpc(stack, "login", "", {"email": email, "password": PASSWORD})["token"]
    assert stack.api("GET", f"/venue_bookings?venue_id=eq.{venue_id}", staff_token).json()
    login(page, stack, stack.owner.email)
    page.goto(f"{stack.base}/admin/venues/{venue_id}/staff")
    row = page.locator(f"tr[data-user-id='{STATE['staff_user']}']")
    row.get_by_role("button", name=f"Remove {email}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Remove from staff").click()
    page.get_by_text(f"{email} no longer works at Club Desk Madrid.").wait_for()
    page.get_by_text("No staff yet.").wait_for()
    assert stack.sql("select count(*) from data.venue_staff where venue_id = %s", venue_id) == [
        (0,)
    ]
    # their session sees nothing of the venue any more
    assert stack.api("GET", f"/venue_bookings?venue_id=eq.{venue_id}", staff_token).json() == []
    assert stack.api("GET", "/venue_staff", staff_token).json() == []
