"""The time a sentence's figures refer to, relative to publication: "this week",
"since september 4", "past day". Pure text; two figures are the same claim only when their
scopes match.

A window that reaches back from publication is said in one way whatever its words: "within 24
hours", "in the last 24 hours", "over the past day" and "in 24 hours" are all "past day"
(`trailing_window`)."""
from __future__ import annotations

import re

from .lexicon import month_pattern, weekday_pattern
from .numbers import SMALL

_NUMBER = "(?:\\d+|" + "|".join(w for w, v in sorted(SMALL.items(), key=lambda kv: -len(kv[0])) if 1 <= v <= 12) + "|a|an)"
_UNIT = r"(?:hours?|days?|weeks?|months?|years?|decades?)"
_DAY = weekday_pattern()
_MONTH = month_pattern()

WINDOW_UNITS = {"hour": ("hour", 1), "day": ("hour", 24), "week": ("hour", 168),
                "month": ("month", 1), "year": ("month", 12), "decade": ("month", 120)}
"""Each unit of a trailing window as a number of hours or of months: the two kinds of
length that convert exactly (a month is no fixed number of days)."""
_NAMED = (("hour", (("week", 168), ("day", 24), ("hour", 1))),
          ("month", (("decade", 120), ("year", 12), ("month", 1))))


def trailing_window(count: str, unit: str) -> str:
    """A window that reaches back from publication, said by the largest unit that measures it
    whole: ("24", "hours") -> "past day", ("48", "hour") -> "past 2 days", ("36", "hours") ->
    "past 36 hours", ("seven", "days") -> "past week", ("", "year") -> "past year"."""
    n = 1 if count in ("", "a", "an") else int(count) if count.isdigit() else SMALL[count]
    base, per = WINDOW_UNITS[unit.rstrip("s")]
    length = n * per
    name, size = next((name, size) for kind, units in _NAMED if kind == base
                      for name, size in units if length % size == 0)
    many = length // size
    return f"past {name}" if many == 1 else f"past {many} {name}s"


_PATTERNS = (
    (re.compile(rf"\b(?:in|over|during|within)\s+the\s+(?:last|past|previous)\s+({_NUMBER})\s+({_UNIT})\b"),
     lambda m: trailing_window(m.group(1), m.group(2))),
    (re.compile(rf"\b(?:in|over|during|within)?\s*the\s+(?:last|past)\s+({_UNIT})\b"),
     lambda m: trailing_window("", m.group(1))),
    (re.compile(rf"\bthis\s+past\s+({_UNIT})\b"), lambda m: trailing_window("", m.group(1))),
    (re.compile(rf"\b(?:earlier\s+|later\s+)?this\s+({_UNIT})\b"), lambda m: f"this {m.group(1).rstrip('s')}"),
    (re.compile(rf"\blast\s+({_UNIT})\b"), lambda m: f"last {m.group(1).rstrip('s')}"),
    (re.compile(rf"\bsince\s+((?:{_MONTH})\.?\s+\d{{1,2}}|(?:{_MONTH})(?:\s+\d{{4}})?|\d{{4}}|then|the\s+start\s+of\s+[\w\s]+?\b(?:war|year|conflict))\b"),
     lambda m: "since " + re.sub(r"\s+", " ", m.group(1).rstrip("."))),
    (re.compile(rf"\b(?:with)?in\s+({_NUMBER})\s+({_UNIT})\b"), lambda m: trailing_window(m.group(1), m.group(2))),
    (re.compile(r"\b(?:in|for|during|of|throughout)\s+((?:19|20)\d{2})\b(?![-/]\d)"), lambda m: f"in {m.group(1)}"),
    (re.compile(rf"\b(?:on\s+)?({_DAY})\b"), lambda m: m.group(1)),
    (re.compile(r"\b(today|yesterday|tonight)\b"), lambda m: m.group(1)),
)


def time_scope(sentence: str) -> str:
    """The first relative time expression in `sentence`, normalised; "" when it has none."""
    lowered = sentence.lower()
    for pattern, render in _PATTERNS:
        m = pattern.search(lowered)
        if m:
            return render(m)
    return ""
