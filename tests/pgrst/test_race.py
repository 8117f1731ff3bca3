"""Many clients racing for one slot through the gateway: one 200, the rest 409, no 5xx."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx


def test_race_for_one_slot(base_url: str, user_headers: dict[str, str]) -> None:
    def attempt(_: int) -> tuple[int, dict[str, object]]:
        with httpx.Client(base_url=base_url, timeout=10) as c:
            r = c.post("/rpc/hold_slot", json={"slot_id": 11}, headers=user_headers)
            return r.status_code, r.json()

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(attempt, range(36)))
    statuses = sorted(s for s, _ in results)
    assert statuses.count(200) == 1, statuses
    assert statuses.count(409) == 35, statuses
    conflicts = [b for s, b in results if s == 409]
    assert all(
        b == {"code": "slot_unavailable", "details": "11", "hint": None,
              "message": "Slot is not available"}
        for b in conflicts
    )  # fmt: skip
    # the gateway is healthy afterwards (no connection left in a bad state)
    for _ in range(6):
        r = httpx.get(base_url + "/rpc/hello", timeout=10)
        assert r.status_code == 200
