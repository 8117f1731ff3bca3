"""The soak's simulated users, on loopback only (httpx, async), a fixed number of them.

Players (each one request after the other, as one phone would): search slots
(search_slots near a venue, or a venue's available_slots), hold one, pay through the
local Stripe as the app's payment sheet does (some with a declined card first, then
another card; some abandoned: the hold lapses, or released once a player has let two
lapse), wait for the booking to be confirmed (GET /bookings), cancel some. Some split
their booking in two and pay their share; other players join with the invite code and
pay theirs, and some leave again (their share refunded). Racers: a few players hold the
same slot at the same moment; at most one may win. The owner: blocks and unblocks slots,
books walk-ins at the desk (owner_book) and cancels some of them, and cancels a player's
paid booking now and then (refunded in full).

Every request is recorded (`Recorder`): its kind, start and end (wall clock), status
(0: no answer: refused, cut or timed out) and error code.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

PASSWORD = "soak-player-1"
OWNER = ("owner@courtbook.test", "courtbook-owner-1")  # the demo owner (demo-data.sql)
# Where each demo venue is (search_slots near it).
POINTS = {"Madrid": (40.4168, -3.7038), "New York": (40.7128, -74.0060)}
TIMEOUT = httpx.Timeout(10.0)
# 4xx answers the load expects from a healthy system (lost races, quotas, a declined card,
# an outcome decided elsewhere: the hold lapsed, the share was taken, the owner cancelled;
# payment_intent_unexpected_state: Stripe's answer to a confirm tried again after the
# answer to the first was lost in a fault, which went through). Any other is counted.
EXPECTED_4XX = {
    "slot_unavailable", "too_many_holds", "hold_expired", "booking_not_pending",
    "not_cancellable", "match_full", "share_closed", "card_declined", "not_found",
    "payment_exists", "payment_intent_unexpected_state",
}  # fmt: skip


def error_code(body: Any) -> str:
    """The error code of an answer: PostgREST's and the webhook service's `code`, Stripe's
    `error.code`."""
    err = body.get("error", body) if isinstance(body, dict) else {}
    return str(err.get("code") or "") if isinstance(err, dict) else ""


@dataclass(frozen=True)
class Sample:
    kind: str
    t0: float
    t1: float
    status: int  # 0: no answer
    code: str


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    races: int = 0
    races_won_twice: int = 0  # a slot held by two racers at once: a wrong answer
    confirm_timeouts: int = 0  # paid bookings not seen confirmed within the wait
    outcomes: dict[str, int] = field(default_factory=dict)

    def outcome(self, name: str) -> None:
        self.outcomes[name] = self.outcomes.get(name, 0) + 1


@dataclass
class Endpoints:
    pgrst: str
    webhook: str
    stripe: str  # the local Stripe's API through the gate


@dataclass
class Player:
    name: str
    token: str
    user_id: str
    rng: random.Random
    abandoned: int = 0


class Load:
    def __init__(self, endpoints: Endpoints, players: int, seed: int = 0, racers: int = 4) -> None:
        self.ep = endpoints
        self.n_players = players
        self.n_racers = racers
        self.seed = seed
        self.rec = Recorder()
        self.stop = asyncio.Event()
        self.invites: list[tuple[int, str, str]] = []  # booking_id, invite_code, organizer
        self.venues: list[dict[str, Any]] = []
        # An idle connection is dropped after 2 s, before the services' uvicorn closes it
        # (5 s): else a request sent as the server closes it gets a ReadError, a client's
        # keep-alive race (run 4 of the soak: one at 8.6 s, before any fault).
        self.client = httpx.AsyncClient(
            timeout=TIMEOUT,
            limits=httpx.Limits(
                max_connections=200, max_keepalive_connections=50, keepalive_expiry=2.0
            ),
        )

    # -- requests -----------------------------------------------------------------
    async def call(
        self,
        kind: str,
        method: str,
        url: str,
        *,
        token: str | None = None,
        json: dict[str, Any] | None = None,
        data: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        bearer: str | None = None,
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {bearer or token}"} if (bearer or token) else {}
        t0 = time.time()
        try:
            r = await self.client.request(
                method, url, json=json, data=data, params=params, headers=headers
            )
        except httpx.HTTPError as exc:
            self.rec.samples.append(Sample(kind, t0, time.time(), 0, type(exc).__name__))
            return 0, None
        t1 = time.time()
        try:
            body: Any = r.json()
        except ValueError:
            body = r.text
        code = error_code(body) if r.status_code >= 400 else ""
        self.rec.samples.append(Sample(kind, t0, t1, r.status_code, code))
        return r.status_code, body

    async def rpc(self, kind: str, fn: str, token: str | None, **args: Any) -> tuple[int, Any]:
        return await self.call(kind, "POST", f"{self.ep.pgrst}/rpc/{fn}", token=token, json=args)

    async def pause(self, rng: random.Random, lo: float, hi: float) -> None:
        try:
            await asyncio.wait_for(self.stop.wait(), rng.uniform(lo, hi))
        except TimeoutError:
            pass

    # -- set-up -------------------------------------------------------------------
    async def sign_up(self, n: int) -> Player:
        email = f"soak-{n}-{uuid.uuid4().hex[:6]}@soak.test"
        for _ in range(20):
            status, body = await self.rpc(
                "signup", "signup", None, email=email, password=PASSWORD, full_name=f"Soak {n}"
            )
            if status == 200:
                return Player(f"p{n}", body["token"], body["user_id"], random.Random(self.seed + n))
            await asyncio.sleep(1)
        raise RuntimeError(f"signup of {email} failed: {status} {body}")

    async def owner_token(self) -> str:
        status, body = await self.rpc("login", "login", None, email=OWNER[0], password=OWNER[1])
        if status != 200:
            raise RuntimeError(f"the demo owner's login failed: {status} {body}")
        return str(body["token"])

    # -- what players see -----------------------------------------------------------
    def window(self, rng: random.Random) -> tuple[str, str]:
        """A day 2-12 days ahead (UTC), as a 24-hour search window."""
        day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        start = day + timedelta(days=rng.randint(2, 12), hours=rng.choice([0, 6, 12]))
        return start.isoformat(), (start + timedelta(hours=24)).isoformat()

    async def find_slots(self, p: Player, token: str | None = None) -> list[dict[str, Any]]:
        venue = p.rng.choice(self.venues)
        frm, to = self.window(p.rng)
        if p.rng.random() < 0.5:
            lat, lng = POINTS.get(str(venue["city"]), (venue["lat"], venue["lng"]))
            status, body = await self.rpc(
                "search_slots", "search_slots", token or p.token,
                lat=lat, lng=lng, radius_km=20, **{"from": frm, "to": to}, limit=50,
            )  # fmt: skip
        else:
            status, body = await self.rpc(
                "available_slots", "available_slots", token or p.token,
                venue_id=venue["id"], **{"from": frm, "to": to},
            )  # fmt: skip
        return body if status == 200 and isinstance(body, list) else []

    async def hold(self, p: Player) -> int | None:
        slots = await self.find_slots(p)
        if not slots:
            return None
        slot = p.rng.choice(slots[:10])
        status, body = await self.rpc(
            "hold_slots", "hold_slots", p.token, slot_ids=[slot["slot_id"]],
            idempotency_key=f"soak-{uuid.uuid4()}",
        )  # fmt: skip
        if status == 429:
            await self.pause(p.rng, 2, 5)
        return int(body["booking_id"]) if status == 200 else None

    async def intent(self, p: Player, booking_id: int) -> dict[str, Any] | None:
        """POST /payments/intent, tried again (a user tapping "pay" again) while it fails."""
        for _ in range(4):
            status, body = await self.call(
                "payments_intent", "POST", f"{self.ep.webhook}/payments/intent",
                token=p.token, json={"booking_id": booking_id},
            )  # fmt: skip
            if status == 200:
                return dict(body)
            if 400 <= status < 500 or self.stop.is_set():
                return None
            await self.pause(p.rng, 2, 4)
        return None

    async def confirm(self, intent: dict[str, Any], card: str) -> int:
        """The payment sheet's confirm, with the publishable key and the client secret;
        tried again while the local Stripe does not answer."""
        pi = intent["payment_intent_id"]
        lost = False  # an earlier attempt got no answer: it may have gone through
        for _ in range(12):
            status, body = await self.call(
                "stripe_confirm", "POST", f"{self.ep.stripe}/v1/payment_intents/{pi}/confirm",
                data={"client_secret": intent["client_secret"], "payment_method": card},
                bearer=str(intent["publishable_key"]),
            )  # fmt: skip
            if lost and status == 400 and error_code(body) == "payment_intent_unexpected_state":
                self.rec.outcome("confirm answer lost, tried again: already confirmed")
                return 200  # whether the booking is confirmed is seen() to say
            if status != 0 and status < 500:
                return status
            lost = True
            if self.stop.is_set():
                return status
            await asyncio.sleep(4)
        return 0

    async def pay(self, p: Player, booking_id: int) -> bool:
        intent = await self.intent(p, booking_id)
        if intent is None:
            return False
        if p.rng.random() < 0.25:
            if await self.confirm(intent, "pm_card_chargeDeclined") == 402:
                self.rec.outcome("declined then retried")
            await self.pause(p.rng, 0.5, 2)
        return await self.confirm(intent, "pm_card_visa") == 200

    async def seen(self, p: Player, booking_id: int, want: str, within: float = 30) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            status, body = await self.call(
                "bookings", "GET", f"{self.ep.pgrst}/bookings", token=p.token,
                params={"id": f"eq.{booking_id}", "select": "id,status"},
            )  # fmt: skip
            if status == 200 and body and body[0]["status"] == want:
                return True
            await asyncio.sleep(0.5)
        return False

    # -- what players do ----------------------------------------------------------------
    async def book(self, p: Player) -> None:
        booking_id = await self.hold(p)
        if booking_id is None:
            return
        if p.rng.random() < 0.1:
            if p.abandoned < 2:
                p.abandoned += 1
                self.rec.outcome("abandoned (hold lapses)")
            else:
                await self.rpc("release_hold", "release_hold", p.token, booking_id=booking_id)
                self.rec.outcome("released")
            return
        if not await self.pay(p, booking_id):
            self.rec.outcome("payment not made")
            return
        if not await self.seen(p, booking_id, "confirmed"):
            self.rec.confirm_timeouts += 1
            return
        self.rec.outcome("booked")
        if p.rng.random() < 0.5:
            await self.pause(p.rng, 0.5, 3)
            status, _ = await self.rpc(
                "cancel_booking", "cancel_booking", p.token, booking_id=booking_id,
                reason="soak: plans changed",
            )  # fmt: skip
            if status == 200:
                self.rec.outcome("cancelled by the player")

    async def organize(self, p: Player) -> None:
        booking_id = await self.hold(p)
        if booking_id is None:
            return
        status, split = await self.rpc(
            "split_booking", "split_booking", p.token, booking_id=booking_id, shares=2
        )
        if status != 200:
            return
        if not await self.pay(p, booking_id):
            return
        if await self.seen(p, booking_id, "confirmed"):
            self.invites.append((booking_id, str(split["invite_code"]), p.user_id))
            self.rec.outcome("split booking confirmed")

    async def join(self, p: Player) -> bool:
        mine = [i for i in self.invites if i[2] != p.user_id]
        if not mine:
            return False
        invite = p.rng.choice(mine)
        self.invites.remove(invite)
        booking_id, code, _ = invite
        status, _ = await self.rpc("join_booking", "join_booking", p.token, invite_code=code)
        if status != 200:
            return True
        if await self.pay(p, booking_id):
            self.rec.outcome("share joined and paid")
            if p.rng.random() < 0.25:
                await self.pause(p.rng, 2, 5)
                status, _ = await self.rpc(
                    "leave_booking", "leave_booking", p.token, booking_id=booking_id
                )
                if status == 200:
                    self.rec.outcome("share left (refunded)")
        return True

    async def player(self, p: Player) -> None:
        while not self.stop.is_set():
            r = p.rng.random()
            if r < 0.15:
                await self.find_slots(p)
            elif r < 0.30:
                if not await self.join(p):
                    await self.organize(p)
            elif r < 0.40:
                await self.organize(p)
            else:
                await self.book(p)
            await self.pause(p.rng, 0.3, 1.5)

    async def racers(self, racers: list[Player]) -> None:
        """The same slot held by every racer at the same moment: at most one wins."""
        rng = random.Random(self.seed - 1)
        while not self.stop.is_set():
            slots = await self.find_slots(racers[0])
            if slots:
                slot_id = rng.choice(slots[:10])["slot_id"]
                answers = await asyncio.gather(
                    *(
                        self.rpc("hold_slots", "hold_slots", r.token, slot_ids=[slot_id])
                        for r in racers
                    )
                )
                pairs = zip(racers, answers, strict=True)
                won = [(r, body) for r, (status, body) in pairs if status == 200]
                self.rec.races += 1
                if len(won) > 1:
                    self.rec.races_won_twice += 1
                for r, body in won:
                    await self.rpc(
                        "release_hold", "release_hold", r.token, booking_id=body["booking_id"]
                    )
            await self.pause(rng, 1, 3)

    async def owner(self, token: str, seed: int) -> None:
        rng = random.Random(seed)
        me = Player("owner", token, "", rng)
        while not self.stop.is_set():
            slots = await self.find_slots(me)
            r = rng.random()
            if slots and r < 0.4:
                ids = [rng.choice(slots)["slot_id"]]
                status, _ = await self.rpc(
                    "block_slots", "block_slots", token, slot_ids=ids, reason="soak: maintenance"
                )
                await self.pause(rng, 2, 8)
                if status == 200:
                    await self.rpc("unblock_slots", "unblock_slots", token, slot_ids=ids)
            elif slots and r < 0.8:
                status, body = await self.rpc(
                    "owner_book", "owner_book", token, slot_ids=[rng.choice(slots)["slot_id"]],
                    customer_name="Walk-in Soak", customer_phone="+34600000000",
                )  # fmt: skip
                if status == 200:
                    self.rec.outcome("walk-in booked")
                    await self.pause(rng, 2, 6)
                    if rng.random() < 0.6:
                        await self.rpc(
                            "owner_cancel_booking", "owner_cancel_booking", token,
                            booking_id=body["booking_id"], reason="soak: customer called",
                        )  # fmt: skip
            else:
                status, rows = await self.call(
                    "venue_bookings", "GET", f"{self.ep.pgrst}/venue_bookings", token=token,
                    params={"status": "eq.confirmed", "payment_status": "eq.succeeded",
                            "select": "id", "limit": "20", "order": "id.desc"},
                )  # fmt: skip
                if status == 200 and rows and rng.random() < 0.5:
                    status, _ = await self.rpc(
                        "owner_cancel_booking", "owner_cancel_booking", token,
                        booking_id=rng.choice(rows)["id"], reason="soak: court flooded",
                    )  # fmt: skip
                    if status == 200:
                        self.rec.outcome("cancelled by the owner (refunded)")
            await self.pause(rng, 0.5, 2)

    # -- the run ----------------------------------------------------------------------
    async def prepare(self) -> tuple[list[Player], list[Player], str]:
        status, venues = await self.call(
            "venues", "GET", f"{self.ep.pgrst}/venues", params={"select": "id,city,lat,lng"}
        )
        if status != 200 or not venues:
            raise RuntimeError(f"GET /venues answered {status}: {venues}")
        self.venues = list(venues)
        everyone = [await self.sign_up(n) for n in range(self.n_players + self.n_racers)]
        return everyone[: self.n_players], everyone[self.n_players :], await self.owner_token()

    async def run(self, players: list[Player], racers: list[Player], owner: str) -> None:
        tasks = [asyncio.create_task(self.player(p)) for p in players]
        if racers:
            tasks.append(asyncio.create_task(self.racers(racers)))
        tasks.append(asyncio.create_task(self.owner(owner, self.seed + 1000)))
        await self.stop.wait()
        # Let each user finish what it is doing (bounded), then stop it.
        _, late = await asyncio.wait(tasks, timeout=45)
        for t in late:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.client.aclose()
