"""POST /payments/intent and POST /payments/connect/onboarding, in-process, with
a recording Stripe client: who may call, what is sent to Stripe (amounts from
the booking only, Connect parameters, an idempotency key on every request)."""

from __future__ import annotations

import time
import uuid

import httpx
import jwt

from tests.conftest import make_token
from tests.support import db
from tests.support.stripe_recorder import RecordingHTTPClient
from tests.webhook import helpers as h


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def player_with_booking(url: str, venue: h.Venue | None = None, price: int = 2500):
    venue = venue or h.create_venue(url)
    player = h.create_user(url, "player")
    slots = h.create_slots(url, venue.court_id, 2, price_cents=price)
    booking = h.hold(url, player, slots)
    return player, booking, venue


async def test_intent_created_once_amount_from_booking(
    client: httpx.AsyncClient, db_url: str, recorder: RecordingHTTPClient
) -> None:
    player, booking, venue = player_with_booking(db_url)
    tok = make_token("player", sub=str(player))
    # A client-sent amount and currency are ignored.
    body = {"booking_id": booking["booking_id"], "amount": 1, "currency": "usd"}
    r = await client.post("/payments/intent", json=body, headers=auth(tok))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["amount_cents"] == 5000 and out["currency"] == "EUR"
    assert out["publishable_key"] == "pk_test_courtbook"
    assert out["client_secret"].startswith(out["payment_intent_id"])

    (pi_call,) = recorder.calls("post", "/v1/payment_intents")
    p = pi_call.params
    assert p["amount"] == "5000" and p["currency"] == "eur"
    assert p["automatic_payment_methods[enabled]"] == "true"
    assert p["metadata[booking_id]"] == str(booking["booking_id"])
    assert p["metadata[venue_id]"] == str(venue.id)
    assert p["metadata[player_id]"] == str(player)
    assert "transfer_data[destination]" not in p and "application_fee_amount" not in p
    assert pi_call.idempotency_key == f"pi-booking-{booking['booking_id']}"
    (cus_call,) = recorder.calls("post", "/v1/customers")
    assert cus_call.idempotency_key == f"customer-{player}"

    row = h.one(
        db_url,
        "select p.*, u.stripe_customer_id from data.payment p join data.booking b on b.id ="
        " p.booking_id join data.app_user u on u.id = b.player_id where p.booking_id = %s",
        (booking["booking_id"],),
    )
    assert row and row["stripe_payment_intent_id"] == out["payment_intent_id"]
    assert row["amount_cents"] == 5000 and row["stripe_customer_id"].startswith("cus_")

    # PaymentSheet: the player's Customer and an ephemeral key made for it, with the
    # Stripe-Version the mobile SDKs speak.
    assert out["customer_id"] == row["stripe_customer_id"]
    assert out["ephemeral_key"].startswith("ek_test_")
    (key_call,) = recorder.calls("post", "/v1/ephemeral_keys")
    assert key_call.params == {"customer": out["customer_id"]}
    assert key_call.headers.get("Stripe-Version") == "2020-08-27"
    assert key_call.idempotency_key

    # Again: the same PaymentIntent and customer, nothing created at Stripe but a new
    # ephemeral key (short-lived, one per PaymentSheet session).
    r2 = await client.post("/payments/intent", json=body, headers=auth(tok))
    assert r2.status_code == 200
    again = r2.json()
    assert again.pop("ephemeral_key") != out.pop("ephemeral_key")
    assert again == out
    versioned = {**body, "stripe_version": "2024-06-20"}
    r2 = await client.post("/payments/intent", json=versioned, headers=auth(tok))
    assert r2.status_code == 200, r2.text
    assert recorder.calls("post", "/v1/ephemeral_keys")[-1].headers["Stripe-Version"] == (
        "2024-06-20"
    )
    for bad in ("yesterday", 20240620, "2024-06-20; x"):
        r2 = await client.post(
            "/payments/intent", json={**body, "stripe_version": bad}, headers=auth(tok)
        )
        assert r2.status_code == 400 and r2.json()["code"] == "invalid_input", r2.text
    assert len(recorder.calls("post", "/v1/payment_intents")) == 1
    assert len(recorder.calls("post", "/v1/customers")) == 1

    # A second booking of the same player reuses the customer.
    slots = h.create_slots(db_url, venue.court_id, 1)
    b2 = h.hold(db_url, player, slots)
    r3 = await client.post(
        "/payments/intent", json={"booking_id": str(b2["booking_id"])}, headers=auth(tok)
    )
    assert r3.status_code == 200, r3.text
    assert len(recorder.calls("post", "/v1/customers")) == 1
    assert all(r.idempotency_key for r in recorder.requests)


async def test_connect_destination_and_fee_rounded_half_up(
    client: httpx.AsyncClient, db_url: str, recorder: RecordingHTTPClient
) -> None:
    venue = h.create_venue(db_url, account="acct_venue1", charges_enabled=True, commission_bps=1234)
    # 2 slots x 1250 = 2500; 2500 * 1234 / 10000 = 308.5 -> 309
    player, booking, _ = player_with_booking(db_url, venue, price=1250)
    r = await client.post(
        "/payments/intent",
        json={"booking_id": booking["booking_id"]},
        headers=auth(make_token("player", sub=str(player))),
    )
    assert r.status_code == 200, r.text
    (call,) = recorder.calls("post", "/v1/payment_intents")
    assert call.params["transfer_data[destination]"] == "acct_venue1"
    assert call.params["application_fee_amount"] == "309"
    assert call.params["amount"] == "2500"
    row = h.one(
        db_url,
        "select application_fee_cents, destination_account_id from data.payment"
        " where booking_id = %s",
        (booking["booking_id"],),
    )
    assert row == {"application_fee_cents": 309, "destination_account_id": "acct_venue1"}

    # An account that cannot take charges yet: no destination charge.
    venue2 = h.create_venue(db_url, account="acct_venue2", charges_enabled=False)
    player2, booking2, _ = player_with_booking(db_url, venue2)
    r = await client.post(
        "/payments/intent",
        json={"booking_id": booking2["booking_id"]},
        headers=auth(make_token("player", sub=str(player2))),
    )
    assert r.status_code == 200
    call = recorder.calls("post", "/v1/payment_intents")[-1]
    assert "transfer_data[destination]" not in call.params
    assert all(r.idempotency_key for r in recorder.requests)


async def test_who_may_ask(client: httpx.AsyncClient, db_url: str) -> None:
    player, booking, venue = player_with_booking(db_url)
    body = {"booking_id": booking["booking_id"]}
    other = make_token("player", sub=str(h.create_user(db_url, "player")))
    r = await client.post("/payments/intent", json=body, headers=auth(other))
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert set(r.json()) == {"code", "details", "hint", "message"}

    r = await client.post(
        "/payments/intent", json=body, headers=auth(make_token("owner", sub=str(venue.owner_id)))
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"

    r = await client.post("/payments/intent", json={"booking_id": 987654321}, headers=auth(other))
    assert r.status_code == 404 and r.json()["code"] == "not_found"

    r = await client.post("/payments/intent", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"

    expired = make_token("player", sub=str(player), ttl=-3600)
    r = await client.post("/payments/intent", json=body, headers=auth(expired))
    assert r.status_code == 401 and r.json()["code"] == "PGRST303"
    assert "invalid_token" in r.headers["www-authenticate"]

    forged = jwt.encode(
        {"role": "player", "sub": str(player), "exp": int(time.time()) + 60},
        "another-secret-another-secret-0123456789",
        algorithm="HS256",
    )
    r = await client.post("/payments/intent", json=body, headers=auth(forged))
    assert r.status_code == 401 and r.json()["code"] == "PGRST301"

    # Nothing was created for any of them.
    assert (
        h.scalar(
            db_url,
            "select count(*) from data.payment where booking_id = %s",
            (booking["booking_id"],),
        )
        == 0
    )


async def test_bad_input(client: httpx.AsyncClient, db_url: str) -> None:
    tok = auth(make_token("player", sub=str(h.create_user(db_url, "player"))))
    for content in (
        b"{not json",
        b"[]",
        b"{}",
        b'{"booking_id": "abc"}',
        b'{"booking_id": -3}',
        b'{"booking_id": true}',
        b"",
    ):
        r = await client.post("/payments/intent", content=content, headers=tok)
        assert r.status_code == 400, (content, r.text)
        assert r.json()["code"] == "invalid_input"


async def test_lapsed_hold(client: httpx.AsyncClient, db_url: str) -> None:
    # A lapsed hold whose slots are still free may be paid (re-held).
    player, booking, venue = player_with_booking(db_url)
    tok = auth(make_token("player", sub=str(player)))
    h.lapse_hold(db_url, booking["booking_id"])
    body = {"booking_id": booking["booking_id"]}
    r = await client.post("/payments/intent", json=body, headers=tok)
    assert r.status_code == 200, r.text
    # A lapsed hold whose slot another player took: the engine closed the booking
    # when the slot was taken over, so it is no longer payable (409).
    player2, booking2, _ = player_with_booking(db_url, venue)
    h.lapse_hold(db_url, booking2["booking_id"])
    h.hold(db_url, h.create_user(db_url, "player"), booking2["slot_ids"][:1])
    r = await client.post(
        "/payments/intent",
        json={"booking_id": booking2["booking_id"]},
        headers=auth(make_token("player", sub=str(player2))),
    )
    assert r.status_code in (409, 410), r.text
    assert r.json()["code"] in ("booking_not_pending", "hold_expired")


async def test_onboarding(
    client: httpx.AsyncClient, db_url: str, recorder: RecordingHTTPClient
) -> None:
    venue = h.create_venue(db_url)
    tok = auth(make_token("owner", sub=str(venue.owner_id)))
    r = await client.post("/payments/connect/onboarding", json={"venue_id": venue.id}, headers=tok)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["account_id"].startswith("acct_") and out["url"].startswith("https://")
    (acct,) = recorder.calls("post", "/v1/accounts")
    assert acct.idempotency_key == f"account-venue-{venue.id}"
    assert acct.params["type"] == "express"
    assert acct.params["country"] == "FR"  # the venue's country
    assert acct.params["capabilities[card_payments][requested]"] == "true"
    assert acct.params["settings[payouts][schedule][interval]"] == "weekly"
    assert acct.params["capabilities[transfers][requested]"] == "true"
    assert acct.params["metadata[venue_id]"] == str(venue.id)
    (link,) = recorder.calls("post", "/v1/account_links")
    assert link.params["account"] == out["account_id"]
    assert link.params["type"] == "account_onboarding"
    assert link.idempotency_key
    stored = h.scalar(db_url, "select stripe_account_id from data.venue where id = %s", (venue.id,))
    assert stored == out["account_id"]

    # Again: the same account, a fresh link.
    r2 = await client.post("/payments/connect/onboarding", json={"venue_id": venue.id}, headers=tok)
    assert r2.status_code == 200 and r2.json()["account_id"] == out["account_id"]
    assert len(recorder.calls("post", "/v1/accounts")) == 1
    assert len(recorder.calls("post", "/v1/account_links")) == 2
    assert all(r.idempotency_key for r in recorder.requests)

    # Another owner, a player: 403. An admin may. No such venue: 404.
    other_owner = auth(make_token("owner", sub=str(h.create_user(db_url, "owner"))))
    r = await client.post(
        "/payments/connect/onboarding", json={"venue_id": venue.id}, headers=other_owner
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    player = auth(make_token("player", sub=str(uuid.uuid4())))
    r = await client.post(
        "/payments/connect/onboarding", json={"venue_id": venue.id}, headers=player
    )
    assert r.status_code == 403
    admin = auth(make_token("admin", sub=str(h.create_user(db_url, "admin"))))
    r = await client.post(
        "/payments/connect/onboarding", json={"venue_id": venue.id}, headers=admin
    )
    assert r.status_code == 200 and r.json()["account_id"] == out["account_id"]
    r = await client.post(
        "/payments/connect/onboarding", json={"venue_id": 99999999}, headers=admin
    )
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = await client.post("/payments/connect/onboarding", json={}, headers=admin)
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"
    assert db.JWT_SECRET
