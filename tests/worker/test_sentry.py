"""The worker reports to Sentry only when SENTRY_DSN is set, and never fails without it."""

from __future__ import annotations

import sys
import types

import pytest

from worker.main import init_sentry


def test_no_dsn_no_sentry() -> None:
    assert init_sentry(None) is False
    assert init_sentry("") is False


def test_dsn_initialises_sentry(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    fake = types.ModuleType("sentry_sdk")
    fake.init = lambda **kwargs: calls.append(kwargs)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)
    assert init_sentry("https://key@sentry.example/1") is True
    assert calls == [{"dsn": "https://key@sentry.example/1"}]


def test_dsn_without_the_library_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # import raises ImportError
    assert init_sentry("https://key@sentry.example/1") is False
