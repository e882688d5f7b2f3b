"""The time a sentence's figures refer to, relative to publication: "this week",
"since september 4", "last 24 hours". Pure text; two figures are the same claim only when their
scopes match."""
from __future__ import annotations

import re

from .lexicon import month_pattern, weekday_pattern
from .numbers import SMALL

_NUMBER = "(?:\\d+|" + "|".join(w for w, v in sorted(SMALL.items(), key=lambda kv: -len(kv[0])) if 1 <= v <= 12) + "|a|an)"
_UNIT = r"(?:hours?|days?|weeks?|months?|years?|decades?)"
_DAY = weekday_pattern()
_MONTH = month_pattern()
_PATTERNS = (
    (re.compile(rf"\b(?:in|over|during|within)\s+the\s+(?:last|past|previous)\s+({_NUMBER})\s+({_UNIT})\b"),
     lambda m: f"last {m.group(1)} {m.group(2).rstrip('s')}"),
    (re.compile(rf"\b(?:in|over|during|within)?\s*the\s+(?:last|past)\s+({_UNIT})\b"),
     lambda m: f"past {m.group(1).rstrip('s')}"),
    (re.compile(rf"\bthis\s+past\s+({_UNIT})\b"), lambda m: f"past {m.group(1).rstrip('s')}"),
    (re.compile(rf"\b(?:earlier\s+|later\s+)?this\s+({_UNIT})\b"), lambda m: f"this {m.group(1).rstrip('s')}"),
    (re.compile(rf"\blast\s+({_UNIT})\b"), lambda m: f"last {m.group(1).rstrip('s')}"),
    (re.compile(rf"\bsince\s+((?:{_MONTH})\.?\s+\d{{1,2}}|(?:{_MONTH})(?:\s+\d{{4}})?|\d{{4}}|then|the\s+start\s+of\s+[\w\s]+?\b(?:war|year|conflict))\b"),
     lambda m: "since " + re.sub(r"\s+", " ", m.group(1).rstrip("."))),
    (re.compile(rf"\bin\s+({_NUMBER})\s+({_UNIT})\b"), lambda m: f"within {m.group(1)} {m.group(2).rstrip('s')}"),
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
