"""Integers in request text the way PostgREST reads them: ASCII digits only.

PostgREST reads `limit`, `offset` (ApiRequest/QueryParams.hs) and
`Prefer: max-affected` (ApiRequest/Preferences.hs) with Haskell's `readMaybe`,
and the Range header with the regular expression `^([0-9]+)-([0-9]*)$`
(RangeQuery.hs). Haskell's reader only knows ASCII digits (`Data.Char.isDigit`
"selects ASCII digits, i.e. '0'..'9'"), so `²`, `٣` or `３` are no number there:
the parameter is ignored, never an error. Python is more generous in two ways
that must not leak into the gateway or the webhook service: `str.isdigit()` is
true for `²` (and then `int('²')` raises), and `int()` and the regular
expression `\\d` accept every Unicode decimal digit (`int('٣') == 3`).
"""

from __future__ import annotations

import re

_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def read_integer(text: str) -> int | None:
    """`readMaybe :: Maybe Integer` on the text: optional surrounding white space
    (ASCII), an optional `-`, ASCII digits; anything else is None."""
    s = text.strip(" \t\r\n\f\v")
    return int(s) if _INTEGER.fullmatch(s) else None


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty string of ASCII digits 0-9 only."""
    return _DIGITS.fullmatch(text) is not None
