"""Digits that Python reads as numbers (`str.isdigit()`, `int()`, the regex `\\d`)
but PostgREST and PostgreSQL do not (ASCII 0-9 only): the fuzz sweeps' input."""

from __future__ import annotations

UNICODE_DIGITS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "extended arabic-indic": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "subscript": "₀₁₂₃₄₅₆₇₈₉",
    "circled": "①②③",
    "mathematical bold": "𝟎𝟏𝟐",
}
SWEEP = [d for digits in UNICODE_DIGITS.values() for d in digits]
