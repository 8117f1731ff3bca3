"""Provider adapters against a recording httpx transport (no network): the exact
requests FCM HTTP v1, SendGrid and Twilio would receive."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from worker.notify import choose
from worker.notify.base import DeliveryError, Message
from worker.notify.fcm import FcmNotifier, encode_jwt
from worker.notify.log import LogNotifier
from worker.notify.sendgrid import SendGridNotifier
from worker.notify.twilio import TwilioNotifier

MSG = Message(
    notification_id=7,
    kind="booking_confirmed",
    title="Booking confirmed",
    body="See you",
    email="p@example.test",
    phone="+34600000000",
    push_tokens=["tok-a", "tok-b"],
    data={"kind": "booking_confirmed", "notification_id": "7"},
)


class Recorder:
    def __init__(self, answer) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


async def test_sendgrid_request() -> None:
    rec = Recorder(lambda r: httpx.Response(202, headers={"X-Message-Id": "sg-1"}))
    receipt = await SendGridNotifier(rec.client(), "SG.key", "noreply@courtbook.test").send(MSG)
    (req,) = rec.requests
    assert str(req.url) == "https://api.sendgrid.com/v3/mail/send"
    assert req.headers["authorization"] == "Bearer SG.key"
    body = json.loads(req.content)
    assert body["personalizations"] == [{"to": [{"email": "p@example.test"}]}]
    assert (
        body["from"] == {"email": "noreply@courtbook.test"}
        and body["subject"] == "Booking confirmed"
    )
    assert body["custom_args"] == {"notification_id": "7"}
    assert receipt == {"channel": "email", "message_id": "sg-1"}


async def test_provider_errors_transient_or_not() -> None:
    for status, transient in ((503, True), (429, True), (400, False), (401, False)):
        rec = Recorder(lambda r, s=status: httpx.Response(s, text="nope"))
        with pytest.raises(DeliveryError) as err:
            await SendGridNotifier(rec.client(), "k", "f@x.test").send(MSG)
        assert err.value.transient is transient


async def test_twilio_request() -> None:
    rec = Recorder(lambda r: httpx.Response(201, json={"sid": "SM1"}))
    receipt = await TwilioNotifier(rec.client(), "AC123", "secret", "+15550001111").send(MSG)
    (req,) = rec.requests
    assert str(req.url) == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json"
    assert req.headers["authorization"] == "Basic " + base64.b64encode(b"AC123:secret").decode()
    form = parse_qs(req.content.decode())
    assert form == {
        "To": ["+34600000000"],
        "From": ["+15550001111"],
        "Body": ["Booking confirmed: See you"],
    }
    assert receipt == {"channel": "sms", "sid": "SM1"}


@pytest.fixture(scope="module")
def rsa_pem(tmp_path_factory) -> tuple[str, Path]:
    d = tmp_path_factory.mktemp("rsa")
    key, pub = d / "key.pem", d / "pub.pem"
    subprocess.run(
        [
            "openssl",
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            str(key),
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["openssl", "pkey", "-in", str(key), "-pubout", "-out", str(pub)],
        check=True,
        capture_output=True,
    )
    return key.read_text(), pub


def test_rs256_signature_verifies_with_openssl(rsa_pem, tmp_path) -> None:
    pem, pub = rsa_pem
    token = encode_jwt({"iss": "svc@example.iam", "aud": "x"}, pem, key_id="kid1")
    head, claims, sig = token.split(".")
    (tmp_path / "data").write_bytes(f"{head}.{claims}".encode())
    (tmp_path / "sig").write_bytes(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
    out = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            str(pub),
            "-signature",
            str(tmp_path / "sig"),
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert json.loads(base64.urlsafe_b64decode(head + "==")) == {
        "alg": "RS256",
        "typ": "JWT",
        "kid": "kid1",
    }


async def test_fcm_v1_requests(rsa_pem) -> None:
    pem, _ = rsa_pem

    def answer(r: httpx.Request) -> httpx.Response:
        if r.url.path == "/token":
            return httpx.Response(200, json={"access_token": "ya29.t", "expires_in": 3600})
        token = json.loads(r.content)["message"]["token"]
        if token == "tok-b":
            return httpx.Response(
                404, json={"error": {"status": "NOT_FOUND", "message": "UNREGISTERED"}}
            )
        return httpx.Response(200, json={"name": "projects/p1/messages/m1"})

    rec = Recorder(answer)
    account = {
        "client_email": "svc@p1.iam.gserviceaccount.com",
        "private_key": pem,
        "private_key_id": "k1",
        "token_uri": "https://oauth2.test/token",
    }
    notifier = FcmNotifier(rec.client(), "p1", account)
    receipt = await notifier.send(MSG)
    token_req, send_a, send_b = rec.requests
    grant = parse_qs(token_req.content.decode())
    assert grant["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    claims = json.loads(base64.urlsafe_b64decode(grant["assertion"][0].split(".")[1] + "=="))
    assert claims["scope"] == "https://www.googleapis.com/auth/firebase.messaging"
    assert claims["aud"] == "https://oauth2.test/token" and claims["iss"] == account["client_email"]
    assert str(send_a.url) == "https://fcm.googleapis.com/v1/projects/p1/messages:send"
    assert send_a.headers["authorization"] == "Bearer ya29.t"
    body = json.loads(send_a.content)["message"]
    assert body["notification"] == {"title": "Booking confirmed", "body": "See you"}
    # the notification's id is its dedup key on the device; no per-notification collapse_key
    assert body["data"]["notification_id"] == "7"
    assert body["android"] == {"notification": {"tag": "n7"}}
    assert body["apns"]["headers"]["apns-collapse-id"] == "n7"
    assert receipt == {
        "channel": "push",
        "messages": ["projects/p1/messages/m1"],
        "failed_tokens": 1,
    }
    # the access token is cached
    await notifier.send(
        Message(notification_id=8, kind="k", title="t", body="b", push_tokens=["tok-a"])
    )
    assert sum(1 for r in rec.requests if r.url.path == "/token") == 1


def test_channel_choice() -> None:
    http = httpx.AsyncClient()
    push = FcmNotifier(http, "p", {"client_email": "x", "private_key": ""})
    email = SendGridNotifier(http, "k", "f@x.test")
    log = LogNotifier()
    adapters = [push, email, log]
    assert choose(adapters, MSG) is push
    no_device = Message(notification_id=1, kind="k", title="t", body="b", email="e@x.test")
    assert choose(adapters, no_device) is email
    assert choose(adapters, Message(notification_id=1, kind="k", title="t", body="b")) is log
    assert choose(adapters, MSG, forced="email") is email
