"""Page furniture: lines of a web page that hold no article content ("8Next article…",
"News ID: 231374", "Share this"). Read by the loader (titles) and the sentence splitter."""
from __future__ import annotations

import re

CHROME_PATTERNS = re.compile(
    r"""^\s*(?:\d*\s*(?:previous|next)\s+(?:article|post|story)
    |page\s+generated\s+in
    |security\s+key\s*:?
    |captcha
    |latest\s+news\s*$
    |news\s+id\s*:
    |(?:published|posted|updated)\s*(?:on)?\s*:
    |source\s*:
    |fast\s+news\s*$
    |quantcast\b
    |advertisement\s*$
    |(?:related|read\s+more|most\s+read|more\s+stories|recommended|trending)\b.{0,40}$
    |(?:share|tweet|email|print|comments?)(?:\s+(?:this|on\s+\w+))?\s*$
    |(?:copyright|©|all\s+rights\s+reserved)
    |(?:subscribe|sign\s+up|log\s*in|register)\b.{0,60}$
    |(?:tags?|topics?|keywords?)\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def is_chrome(line: str) -> bool:
    """Page furniture that holds no article content ("8Next article…", "News ID: 231374")."""
    return bool(CHROME_PATTERNS.match(line))
