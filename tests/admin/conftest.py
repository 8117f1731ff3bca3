"""On a failed browser step, save a screenshot of the page next to the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.admin.browser import browser_context, page, stack  # noqa: F401 (fixtures)

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        page = item.funcargs.get("page")
        if page is not None:
            try:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"FAILED-{item.name}.png"), full_page=True)
            except Exception:  # noqa: BLE001 - best effort only
                pass
