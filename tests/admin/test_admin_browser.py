"""The admin panel in a real headless Chromium, through the real nginx, pgrst and a fresh
database (issue 10).

Debian's chromium is driven by Playwright for Python with its executable path set (no
browser download). nginx is started by deploy/nginx/run-local.sh on free ports in front
of pgrst (tests/support/pgrst_server.py) and serves the build in admin/dist (made by
admin/build.sh, which `make test` runs first). Screenshots of each page go to
artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
import time
import uuid

import jwt

from tests.admin.browser import Stack, fill_new_venue, login, logout, shot

# The steps share one browser session and build on each other, in file order.
STATE: dict[str, object] = {}


def test_login_refuses_wrong_password_in_plain_words(page, stack: Stack) -> None:
    page.goto(stack.base + "/admin/")
    page.get_by_role("heading", name="Log in").wait_for()  # not logged in → login page
    page.get_by_label("Email").fill(stack.owner.email)
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("alert").filter(has_text="Wrong email or password.").wait_for()
    shot(page, "01-login")


def test_owner_creates_venue_and_court(page, stack: Stack) -> None:
    login(page, stack, stack.owner.email)
    page.get_by_role("heading", name="Your venues").wait_for()
    page.get_by_text("No venues yet").wait_for()
    # another owner's venue is not shown
    assert stack.other_venue_name not in page.content()
    fill_new_venue(page, "Browser Padel Madrid", "Calle Mayor 1", "40.4168", "-3.7038")
    page.get_by_label("Cancellation window (hours before start)").fill("12")
    shot(page, "02-new-venue")
    page.get_by_role("button", name="Create venue").click()
    page.get_by_role("heading", name="Add a court").wait_for()
    venue_id = int(re.search(r"/venues/(\d+)/courts", page.url).group(1))
    STATE["venue_id"] = venue_id
    row = stack.sql(
        "select timezone, currency, cancellation_window_minutes, owner_id::text"
        " from data.venue where id = %s",
        venue_id,
    )
    assert row == [("Europe/Madrid", "EUR", 720, stack.owner.user_id)]

    page.get_by_label("Court name").fill("Pista Central")
    page.get_by_label("Sport").select_option("padel")
    page.get_by_label("Surface").fill("artificial grass")
    page.get_by_label("Indoor").check()
    page.get_by_role("button", name="Add court").click()
    page.get_by_role("link", name="Pista Central").first.wait_for()
    shot(page, "03-courts")
    courts = stack.api("GET", f"/courts?venue_id=eq.{venue_id}", stack.owner.token).json()
    assert [(c["name"], c["sport"], c["indoor"]) for c in courts] == [
        ("Pista Central", "padel", True)
    ]
    STATE["court_id"] = courts[0]["id"]


def test_owner_sets_weekly_rules_and_generates_slots(page, stack: Stack) -> None:
    court_id = STATE["court_id"]
    page.get_by_role("link", name="Pista Central").first.click()
    page.get_by_role("heading", name="Weekly opening hours").wait_for()
    page.get_by_role("button", name="Add hours on Monday").click()
    page.get_by_label("Monday 1 opens").fill("09:00")
    page.get_by_label("Monday 1 closes").fill("13:00")
    page.get_by_label("Monday 1 slot minutes").fill("60")
    page.get_by_label("Monday 1 price").fill("20")
    page.get_by_label("Copy the hours of").select_option("1")
    page.get_by_label("Copy to").select_option(label="every day")
    page.get_by_role("button", name="Copy hours").click()
    # Friday peak past midnight: 18:00 → 00:30 next day, 90-minute slots
    page.get_by_role("button", name="Add hours on Friday").click()
    page.get_by_label("Friday 2 opens").fill("18:00")
    page.get_by_label("Friday 2 closes").fill("00:30")
    page.get_by_label("Friday 2 slot minutes").fill("90")
    page.get_by_label("Friday 2 price").fill("32.50")
    page.get_by_text("next day", exact=True).wait_for()
    page.get_by_role("button", name="Save opening hours").click()
    page.get_by_text("Saved 8 rules.").wait_for()
    rules = stack.api(
        "GET", f"/availability_rules?court_id=eq.{court_id}&order=weekday,opens", stack.owner.token
    ).json()
    assert len(rules) == 8
    friday = [r for r in rules if r["weekday"] == 5]
    assert [
        (r["opens"][:5], r["closes"][:5], r["slot_minutes"], r["price_cents"]) for r in friday
    ] == [
        ("09:00", "13:00", 60, 2000),
        ("18:00", "00:30", 90, 3250),
    ]

    page.get_by_label("Days").fill("14")
    page.get_by_role("button", name="Generate slots for the next 14 days").click()
    notice = page.get_by_text(re.compile(r"Created \d+ new slots"))
    notice.wait_for()
    created = int(re.search(r"Created (\d+)", notice.inner_text()).group(1))
    in_db = stack.sql("select count(*) from data.slot where court_id = %s", court_id)[0][0]
    assert created == in_db and created >= 14 * 4
    shot(page, "04-availability")


def test_owner_blocks_two_slots_and_sees_skipped_ones(page, stack: Stack) -> None:
    page.get_by_role("button", name="Next week →").click()  # 14 days of slots: next week is full
    page.locator("button.slot").first.wait_for()
    ids = [
        int(x)
        for x in page.locator("button.slot").evaluate_all("els => els.map(e => e.dataset.slotId)")
    ]
    first, second, third = ids[0], ids[1], ids[2]
    # the grid shows local (Madrid) hours whatever the browser's zone
    label = page.locator(f"button.slot[data-slot-id='{first}']").inner_text()
    assert label.startswith("09:00–10:00"), label

    page.locator(f"button.slot[data-slot-id='{first}']").click()
    page.locator(f"button.slot[data-slot-id='{second}']").press("Enter")  # keyboard works too
    assert (
        page.locator(f"button.slot[data-slot-id='{second}']").get_attribute("aria-pressed")
        == "true"
    )
    page.get_by_label("Reason").fill("maintenance")
    page.get_by_role("button", name="Block selected", exact=True).click()
    page.get_by_text("Blocked 2 slots.").wait_for()
    page.locator(f"button.slot[data-slot-id='{first}'][data-status='blocked']").wait_for()
    seen = stack.api(
        "GET",
        f"/court_slots?id=in.({first},{second})&select=id,status,blocked_reason",
        stack.owner.token,
    ).json()
    assert sorted((s["id"], s["status"], s["blocked_reason"]) for s in seen) == [
        (first, "blocked", "maintenance"),
        (second, "blocked", "maintenance"),
    ]

    # a player holds the third slot; blocking it with a free one reports it as skipped
    r = stack.api("POST", "/rpc/hold_slots", stack.player.token, json={"slot_ids": [third]})
    assert r.status_code == 200, r.text
    STATE["held_slot"] = third
    page.get_by_role("button", name="This week").click()
    page.get_by_role("button", name="Next week →").click()
    page.locator(f"button.slot[data-slot-id='{third}'][data-status='held']").wait_for()
    fourth = ids[3]
    page.locator(f"button.slot[data-slot-id='{third}']").click()
    page.locator(f"button.slot[data-slot-id='{fourth}']").click()
    page.get_by_role("button", name="Block selected", exact=True).click()
    page.get_by_text(f"Blocked 1 slot. Skipped 1 held or booked: #{third} (held).").wait_for()
    shot(page, "05-week-grid")
    page.locator(f"button.slot[data-slot-id='{fourth}']").click()
    page.get_by_role("button", name="Unblock selected").click()
    page.get_by_text("Unblocked 1 slot.").wait_for()
    assert stack.sql("select status::text from data.slot where id = %s", fourth) == [("available",)]


def test_owner_sees_a_players_booking_and_cancels_it_with_a_refund(page, stack: Stack) -> None:
    venue_id = STATE["venue_id"]
    # a player books through the API; the payment is recorded and confirmed as the
    # webhook service would (its internal functions), so the booking is paid
    slot_id = stack.sql(
        "select id from data.slot where court_id = %s and status = 'available'"
        " and price_cents = 2000 and start_at > now() + interval '2 days'"
        " order by start_at limit 1",
        STATE["court_id"],
    )[0][0]
    r = stack.api("POST", "/rpc/hold_slots", stack.player.token, json={"slot_ids": [slot_id]})
    assert r.status_code == 200, r.text
    booking = r.json()
    pi = f"pi_browser_{uuid.uuid4().hex[:12]}"
    stack.sql(
        "select internal.record_payment_intent(%s, %s, %s, %s, 0, null, false)",
        booking["booking_id"],
        pi,
        booking["amount_cents"],
        booking["currency"],
    )
    outcome = stack.sql(
        "select internal.confirm_booking_from_payment(%s, %s, %s)",
        pi,
        booking["amount_cents"],
        booking["currency"],
    )
    assert outcome == [("confirmed",)]

    page.get_by_role("link", name="Bookings").click()
    row = page.locator(f"tr[data-booking-id='{booking['booking_id']}']")
    row.wait_for()
    text = row.inner_text()
    assert (
        "Pia Player" in text and "confirmed" in text and "€20.00" in text and "succeeded" in text
    ), text
    page.get_by_label("Status").select_option("confirmed")
    page.get_by_label("Court").select_option(label="Pista Central")
    row.wait_for()
    # a day range without the booking's day hides it
    page.get_by_label("To (venue date)").fill("2000-01-02")
    page.get_by_label("From (venue date)").fill("2000-01-01")
    page.get_by_text("No bookings match these filters.").wait_for()
    page.reload()  # back to the default range
    page.get_by_label("Status").select_option("confirmed")
    row.wait_for()
    shot(page, "06-bookings")
    row.get_by_role("button", name=re.compile("Cancel")).click()
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_text("full refund of €20.00").wait_for()
    shot(page, "07-cancel-confirm")
    # Escape keeps the booking
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert stack.sql(
        "select status::text from data.booking where id = %s", booking["booking_id"]
    ) == [("confirmed",)]
    row.get_by_role("button", name=re.compile("Cancel")).click()
    page.get_by_role("button", name="Cancel booking and refund in full").click()
    page.get_by_text(
        f"Booking #{booking['booking_id']} cancelled; refund of €20.00 recorded."
    ).wait_for()
    assert stack.sql(
        "select status::text from data.booking where id = %s", booking["booking_id"]
    ) == [("cancelled",)]
    # One full refund recorded. The stack's worker may already have tried it at the
    # local Stripe (this PaymentIntent exists only in the database), so its status
    # is whatever that attempt left, not necessarily still pending.
    refunds = stack.sql(
        "select amount_cents, currency::text from data.refund where booking_id = %s",
        booking["booking_id"],
    )
    assert refunds == [(2000, "EUR")]
    page.get_by_label("Status").select_option("cancelled")
    # the list reloads with the filter: wait for the row's new status, not the old row
    row.locator(".pill.cancelled").wait_for()

    page.get_by_role("link", name="Report", exact=True).click()
    page.get_by_role("heading", name="Report", exact=True).wait_for()
    page.locator("dl.kpis").wait_for()
    # the booking (confirmed, then cancelled with a full refund) is in the default range
    kpis = page.locator("dl.kpis")
    kpis.get_by_text("€20.00").first.wait_for()
    text = kpis.inner_text()
    assert re.search(r"Bookings\s+1\b", text) and re.search(r"Refunds\s+€20\.00", text), text
    page.locator("figure.chart svg[role='img']").wait_for()
    shot(page, "08-report")
    report = stack.api(
        "GET",
        f"/rpc/venue_report?venue_id={venue_id}&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z",
        stack.other_owner.token,
    )
    assert report.status_code in (403, 404), report.text  # another owner's report: refused


def test_owner_connects_stripe_and_sees_charges_and_payouts(page, stack: Stack) -> None:
    venue_id = STATE["venue_id"]
    page.get_by_role("link", name="Overview").click()
    page.get_by_label("Address").fill("Calle Mayor 2")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved.", exact=True).wait_for()
    assert stack.sql("select address from data.venue where id = %s", venue_id) == [
        ("Calle Mayor 2",)
    ]
    shot(page, "09-venue-overview")
    page.get_by_role("link", name="Stripe", exact=True).click()
    page.get_by_role("heading", name="Payments (Stripe)").wait_for()
    assert page.get_by_text("Not enabled").count() == 2

    # "Connect your bank account" → /payments/connect/onboarding → the Stripe link; the
    # local Stripe's onboarding page is stood in for by a blank page.
    def stand_in(route):
        route.fulfill(
            status=200, content_type="text/html", body="<h1>Stripe onboarding (test)</h1>"
        )

    page.route(re.compile(r"^(?!" + re.escape(stack.base) + r").*"), stand_in)
    try:
        page.get_by_role("button", name="Connect your bank account").click()
        page.wait_for_url(lambda url: not url.startswith(stack.base))
        page.get_by_role("heading", name="Stripe onboarding (test)").wait_for()
    finally:
        page.unroute(re.compile(r"^(?!" + re.escape(stack.base) + r").*"), stand_in)
    account = stack.sql("select stripe_account_id from data.venue where id = %s", venue_id)[0][0]
    assert account and account.startswith("acct_")

    # the owner finishes onboarding at Stripe: account.updated reaches the webhook
    stack.localstripe.complete_onboarding(account)
    deadline = time.monotonic() + 15
    while stack.sql(
        "select stripe_charges_enabled and stripe_payouts_enabled from data.venue where id = %s",
        venue_id,
    ) != [(True,)]:
        assert time.monotonic() < deadline, "account.updated did not enable charges and payouts"
        time.sleep(0.2)
    page.goto(f"{stack.base}/admin/venues/{venue_id}/stripe")
    page.get_by_role("heading", name="Payments (Stripe)").wait_for()
    facts = page.locator("dl.facts")
    facts.get_by_text(account).wait_for()
    assert facts.get_by_text("Enabled", exact=True).count() == 2
    assert page.get_by_role("button", name="Connect your bank account").count() == 0
    shot(page, "09b-stripe-connected")


def test_another_owners_venue_by_url_is_not_found(page, stack: Stack) -> None:
    page.goto(f"{stack.base}/admin/venues/{stack.other_venue_id}")
    page.get_by_role("heading", name="Venue not found").wait_for()
    assert stack.other_venue_name not in page.content()
    shot(page, "10-not-found")
    page.goto(f"{stack.base}/admin/")
    page.get_by_role("heading", name="Your venues").wait_for()
    page.get_by_role("link", name="Browser Padel Madrid").wait_for()
    assert page.get_by_role("link", name=stack.other_venue_name).count() == 0
    shot(page, "11-venues")


def test_refused_token_goes_back_to_login(page, stack: Stack) -> None:
    page.evaluate(
        """() => {
          const k = 'courtbook.admin.session';
          const s = JSON.parse(sessionStorage.getItem(k));
          s.token = s.token.slice(0, -4) + 'AAAA';
          sessionStorage.setItem(k, JSON.stringify(s));
        }"""
    )
    page.reload()
    page.get_by_role("heading", name="Log in").wait_for()
    page.get_by_text("Your session has ended. Please log in again.").wait_for()


def browser_session(page) -> dict:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('courtbook.admin.session'))")


def test_log_out_revokes_and_a_revoked_session_says_logged_out(page, stack: Stack) -> None:
    """Issue 15: the panel keeps a refresh token, its Log out revokes the session in the
    API, and a session revoked elsewhere ends in "You have been logged out"."""
    login(page, stack, stack.owner.email)
    first = browser_session(page)
    assert first["refreshToken"], "the panel keeps the session's refresh token"
    logout(page)
    me = stack.api("GET", "/rpc/me", first["token"])
    assert me.status_code == 401 and me.json()["code"] == "session_revoked", me.text

    login(page, stack, stack.owner.email)
    token = browser_session(page)["token"]
    sid = jwt.decode(token, options={"verify_signature": False})["sid"]
    stack.sql(
        "update data.session set revoked_at = now(), revoked_reason = 'logout_everywhere'"
        " where id = %s",
        sid,
    )
    page.get_by_role("link", name="Payout reports").click()
    page.get_by_role("heading", name="Log in").wait_for()
    page.get_by_text("You have been logged out").wait_for()
    assert page.evaluate("() => sessionStorage.getItem('courtbook.admin.session')") is None
    page.goto(stack.base + "/admin/")  # the next login lands on the venues again
    page.get_by_role("heading", name="Log in").wait_for()


def test_admin_changes_a_venues_commission_and_platform_settings(page, stack: Stack) -> None:
    venue_id = STATE["venue_id"]
    login(page, stack, stack.admin_email)
    page.get_by_role("heading", name="All venues").wait_for()
    page.get_by_role("link", name=stack.other_venue_name).wait_for()  # admins see every venue
    shot(page, "12-admin-venues")
    page.get_by_role("link", name="Browser Padel Madrid").click()
    page.get_by_role("heading", name="Commission override (admin)").wait_for()
    page.get_by_label("Commission (%)").fill("12.5")
    page.get_by_role("button", name="Save commission").click()
    page.get_by_text(re.compile(r"Commission set to 12\.5")).wait_for()
    assert stack.sql("select commission_bps from data.venue where id = %s", venue_id) == [(1250,)]
    mv = stack.api("GET", f"/my_venues?id=eq.{venue_id}", stack.owner.token).json()
    assert mv[0]["commission_bps"] == 1250 and mv[0]["effective_commission_bps"] == 1250
    shot(page, "13-admin-commission")

    page.get_by_role("link", name="Platform settings").click()
    page.get_by_label("Default commission (%)").fill("9")
    page.get_by_label("Hold minutes").fill("6")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text(re.compile(r"Saved: default commission 9")).wait_for()
    assert stack.sql("select default_commission_bps, hold_minutes from data.platform_settings") == [
        (900, 6)
    ]
    shot(page, "14-admin-settings")

    page.get_by_role("link", name="Payout reports").click()
    page.get_by_role("heading", name="Weekly payout reports").wait_for()
    page.locator(".empty, table").first.wait_for()
    shot(page, "15-admin-payouts")
    page.get_by_role("link", name="Reconciliation").click()
    page.get_by_role("heading", name="Reconciliation cases").wait_for()
    page.locator(".empty, table").first.wait_for()
    shot(page, "16-admin-reconciliation")


def test_a_new_owners_venue_is_found_by_players_only_once_an_admin_publishes_it(
    page, stack: Stack
) -> None:
    """Venue publication (issue 17) through the panel: the owner creates a venue with its
    marketplace details; players (anon) do not find it; the admin rejects it with a note
    on the Venue reviews page; the owner reads the note and asks for a new review; the
    admin publishes it; players find it with the details the owner set."""
    name = f"Review Padel {uuid.uuid4().hex[:6]}"
    stack.sql("update data.platform_settings set venue_review_required = true")
    try:
        page.goto(stack.base + "/admin/")
        log_out = page.get_by_role("button", name="Log out")
        log_out.or_(page.get_by_role("heading", name="Log in")).first.wait_for()
        if log_out.is_visible():  # the steps share one browser session
            logout(page)
        login(page, stack, stack.owner.email)
        fill_new_venue(page, name, "Calle Nueva 5", "40.42", "-3.70")
        page.get_by_label("Description").fill("Two covered courts by the park.")
        page.get_by_label("Photo links").fill("https://img.example/court.jpg")
        page.get_by_label("parking", exact=True).check()
        page.get_by_label("showers", exact=True).check()
        shot(page, "17-new-venue-details")
        page.get_by_role("button", name="Create venue").click()
        page.get_by_role("heading", name="Add a court").wait_for()
        venue_id = int(re.search(r"/venues/(\d+)/courts", page.url).group(1))
        page.get_by_role("link", name="Overview").click()
        page.get_by_test_id("review-status").get_by_text("Waiting for review").wait_for()
        assert stack.api("GET", f"/venues?id=eq.{venue_id}").json() == []  # anon
        assert stack.api("GET", f"/venues?id=eq.{venue_id}", stack.player.token).json() == []
        logout(page)

        login(page, stack, stack.admin_email)
        page.get_by_role("link", name="Venue reviews").click()
        row = page.get_by_role("row").filter(has_text=name)
        row.get_by_label(f"Note for {name}").fill("Add a photo of the courts")
        row.get_by_role("button", name="Reject").click()
        page.get_by_text(f"{name}: rejected. The owner is told.").wait_for()
        assert page.get_by_role("row").filter(has_text=name).count() == 0
        logout(page)

        login(page, stack, stack.owner.email)
        page.goto(f"{stack.base}/admin/venues/{venue_id}")
        status = page.get_by_test_id("review-status")
        status.get_by_text("Add a photo of the courts").wait_for()
        shot(page, "18-venue-rejected")
        page.get_by_label("Photo links").fill(
            "https://img.example/court.jpg\nhttps://img.example/courts-2.jpg"
        )
        page.get_by_role("button", name="Save changes").click()
        page.get_by_text("Saved.").wait_for()
        page.get_by_role("button", name="Ask for a new review").click()
        status.get_by_text("Waiting for review").wait_for()
        assert stack.api("GET", f"/venues?id=eq.{venue_id}").json() == []
        logout(page)

        login(page, stack, stack.admin_email)
        page.get_by_role("link", name="Venue reviews").click()
        page.get_by_role("row").filter(has_text=name).get_by_role("button", name="Publish").click()
        page.get_by_text(f"{name}: published, players can find it now").wait_for()
        logout(page)
    finally:
        stack.sql("update data.platform_settings set venue_review_required = false")

    [venue] = stack.api("GET", f"/venues?id=eq.{venue_id}").json()
    assert (venue["name"], venue["description"], venue["photos"], venue["amenities"]) == (
        name,
        "Two covered courts by the park.",
        ["https://img.example/court.jpg", "https://img.example/courts-2.jpg"],
        ["parking", "showers"],
    )
    assert stack.sql(
        "select kind, payload ->> 'note' from data.notification"
        " where user_id = %s and kind in ('venue_rejected', 'venue_published') order by id",
        stack.owner.user_id,
    ) == [("venue_rejected", "Add a photo of the courts"), ("venue_published", None)]
