"""The Prefer header (RFC 7240 as PostgREST reads it) and Preference-Applied."""

from __future__ import annotations

from dataclasses import dataclass, field

from pgrst.errors import ApiError
from postgrest_compat.numbers import read_integer

_VALID = {
    "return": {"minimal", "headers-only", "representation"},
    "count": {"exact", "planned", "estimated"},
    "resolution": {"merge-duplicates", "ignore-duplicates"},
    "missing": {"default", "null"},
    "handling": {"strict", "lenient"},
    "tx": {"commit", "rollback"},
}
ORDER = ("resolution", "missing", "return", "count", "tx", "handling", "timezone", "max-affected")


@dataclass
class Preferences:
    values: dict[str, str] = field(default_factory=dict)
    invalid: list[str] = field(default_factory=list)

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    @property
    def strict(self) -> bool:
        return self.values.get("handling") == "strict"

    @property
    def max_affected(self) -> int | None:
        v = self.values.get("max-affected")
        return read_integer(v) if v is not None else None

    def check_strict(self) -> None:
        if self.strict and self.invalid:
            raise ApiError(
                400,
                "PGRST122",
                "Invalid preferences given with handling=strict",
                "Invalid preferences: " + ", ".join(self.invalid),
            )

    def applied(self, kinds: set[str]) -> str | None:
        out = []
        for k in ORDER:
            if k in kinds and k in self.values:
                if k == "max-affected" and not self.strict:
                    continue
                out.append(f"{k}={self.values[k]}")
        return ", ".join(out) if out else None


def parse_prefer(header_values: list[str], timezones: set[str]) -> Preferences:
    prefs = Preferences()
    for hv in header_values:
        for token in hv.split(","):
            tok = token.strip()
            if not tok:
                continue
            key, sep, val = tok.partition("=")
            key, val = key.strip(), val.strip()
            ok = False
            if sep and key in _VALID and val in _VALID[key]:
                ok = True
            elif sep and key == "timezone" and val in timezones:
                ok = True
            elif sep and key == "max-affected":
                # PostgREST: any max-affected=… is an acceptable preference (never
                # PGRST122); only one `readMaybe` reads as an integer (ASCII digits)
                # takes effect, anything else is ignored (Preferences.hs).
                if read_integer(val) is None:
                    continue
                ok = True
            if ok:
                prefs.values.setdefault(key, val)
            elif key == "tx":
                continue
            else:
                prefs.invalid.append(tok)
    return prefs
