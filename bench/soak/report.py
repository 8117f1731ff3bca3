"""The soak's table: every audit line with its number and verdict, then the requests
(throughput, status classes, p50/p99 per kind), the fault timeline, the services that
died on their own, the delivery proxy's figures and what the users did."""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import asdict

from bench.soak.faults import FaultLog
from bench.soak.load import EXPECTED_4XX, Recorder, Sample
from bench.soak.proxy import DeliveryStats


def failed(s: Sample) -> bool:
    return s.status == 0 or s.status >= 500


def outside(t0: float, t1: float, windows: list[tuple[float, float]]) -> bool:
    return not any(t0 <= end and t1 >= start for start, end in windows)


def failures_outside(
    rec: Recorder,
    delivery_failures: list[tuple[float, int]],
    windows: list[tuple[float, float]],
    t0: float,
) -> list[str]:
    """Requests (and the proxy's deliveries) answered 5xx or not at all outside every
    fault window: 'kind status, from s to s' each (seconds from the start of the load)."""
    out = [f"{s.kind} {s.status or s.code}, {s.t0 - t0:.1f} s to {s.t1 - t0:.1f} s"
           for s in rec.samples if failed(s) and outside(s.t0, s.t1, windows)]  # fmt: skip
    out += [f"stripe_event_delivery {status or 'no answer'}, {at - t0:.1f} s"
            for at, status in delivery_failures
            if (status == 0 or status >= 500) and outside(at, at, windows)]  # fmt: skip
    return out


def unexpected_4xx(rec: Recorder) -> list[Sample]:
    """4xx answers a healthy system does not give this load (load.EXPECTED_4XX)."""
    return [s for s in rec.samples if 400 <= s.status < 500 and s.code not in EXPECTED_4XX]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def audit_table(lines: list[tuple[str, int]]) -> str:
    width = max(len(n) for n, _ in lines)
    out = [f"| #  | {'check'.ljust(width)} | number | verdict |",
           f"|----|{'-' * (width + 2)}|--------|---------|"]  # fmt: skip
    for i, (name, n) in enumerate(lines, 1):
        out.append(f"| {i:<2} | {name.ljust(width)} | {n:>6} | {'ok' if n == 0 else 'FAIL':<7} |")
    return "\n".join(out)


def requests_table(rec: Recorder, seconds: float) -> str:
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for s in rec.samples:
        by_kind[s.kind].append(s)
    out = [
        "| request | count | per s | 2xx | 4xx | 5xx | no answer | p50 ms | p99 ms |",
        "|---------|------:|------:|----:|----:|----:|----------:|-------:|-------:|",
    ]
    for kind in sorted(by_kind):
        ss = by_kind[kind]
        ms = [(s.t1 - s.t0) * 1000 for s in ss if s.status]
        classes = Counter(
            "none" if s.status == 0 else f"{s.status // 100}xx" for s in ss
        )  # fmt: skip
        out.append(
            f"| {kind} | {len(ss)} | {len(ss) / seconds:.1f} | {classes['2xx']} | "
            f"{classes['4xx']} | {classes['5xx']} | {classes['none']} | "
            f"{percentile(ms, 0.5):.0f} | {percentile(ms, 0.99):.0f} |"
        )
    total = len(rec.samples)
    out.append(f"| all | {total} | {total / seconds:.1f} | | | | | | |")
    return "\n".join(out)


def client_errors(rec: Recorder) -> str:
    codes = Counter(f"{s.kind} {s.status} {s.code or '-'}" for s in rec.samples
                    if 400 <= s.status < 500)  # fmt: skip
    lines = [f"  {n:>6}  {what}{'' if what.split()[-1] in EXPECTED_4XX else '  (unexpected)'}"
             for what, n in codes.most_common()]  # fmt: skip
    return "\n".join(lines) or "  none"


def timeline(log: FaultLog, t0: float) -> str:
    out = [
        "| fault | at | start s | end s | lasted s | what |",
        "|---|---|---:|---:|---:|---|",
    ]
    for f in log.faults:
        name = f.name if f.happened else f"{f.name} (did not happen)"
        out.append(
            f"| {name} | {time.strftime('%H:%M:%S', time.localtime(f.start))} | "
            f"{f.start - t0:.1f} | {f.end - t0:.1f} | {f.end - f.start:.1f} | {f.detail} |"
        )
    for d in log.deaths:
        out.append(
            f"| {d.service} died on its own (rc {d.returncode}) | "
            f"{time.strftime('%H:%M:%S', time.localtime(d.at))} | {d.at - t0:.1f} | | | |"
        )
    return "\n".join(out)


def delivery_line(stats: DeliveryStats) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in asdict(stats).items())
