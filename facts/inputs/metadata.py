"""What an article says about itself in plain text: its publication date ("Published: May 2,
2016"), its outlet ("Source: ...") and address ("URL: ...")."""
from __future__ import annotations

import re

from ..figures.lexicon import month_number, month_pattern
from .chrome import is_chrome

_MONTH_RE = rf"(?P<month>{month_pattern(capitalized=True)})\.?"


_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"^\s*(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?:T[\d:.]+Z?)?\s*$"),  # 20180914
)


_PUBLISHED_LINE = re.compile(r"^\s*(?:Published|Posted|Updated|Date)\s*(?:on)?\s*:?\s*(?P<rest>.+)$",
                             re.IGNORECASE | re.MULTILINE)


_SOURCE_LINE = re.compile(r"^\s*Source\s*:\s*(?P<source>\S(?:.*\S)?)[^\S\n]*$", re.IGNORECASE | re.MULTILINE)


_URL_LINE = re.compile(r"^\s*(?:URL|Link)\s*:\s*(?P<url>https?://\S+)\s*$", re.IGNORECASE | re.MULTILINE)
"""A `URL:` line of a .txt/.md article links its source, as `Published:` dates it (http and https
only: an article never puts a javascript: link into a report)."""


def parse_date(text: str) -> str:
    """The first full calendar date in `text` as YYYY-MM-DD, or "" ("Sept 14, 2018" -> 2018-09-14)."""
    found = []
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            found.append(m)
    for m in sorted(found, key=lambda m: m.start()):
        month = m.group("month")
        number = int(month) if month.isdigit() else month_number(month)
        day, year = int(m.group("day")), int(m.group("year"))
        if 1 <= number <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{number:02d}-{day:02d}"
    return ""


def text_metadata(text: str) -> dict:
    """Title, published date and source read from an article's own text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = next((line for line in lines if not is_chrome(line) and len(line) <= 200), "")
    published = ""
    m = _PUBLISHED_LINE.search(text)
    if m:
        published = parse_date(m.group("rest"))
    if not published:
        published = parse_date(text)
    source = _SOURCE_LINE.search(text)
    url = _URL_LINE.search(text)
    return {"title": title, "published": published, "source": source.group("source") if source else "",
            "url": url.group("url") if url else ""}
