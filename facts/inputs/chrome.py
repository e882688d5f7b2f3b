"""Page furniture: lines of a web page that hold no article content ("8Next article…",
"News ID: 231374", "Share this"). Read by the loader (titles) and the sentence splitter."""
from __future__ import annotations

import re

CHROME_PATTERNS = re.compile(
    r"""^\s*+(?:\d*+\s*+(?:previous|next)\s+(?:article|post|story)
    |page\s+generated\s+in
    |security\s+key\s*:?
    |captcha
    |latest\s+news\s*$
    |news\s+id\s*:
    |(?:published|posted|updated)\s*+(?:on\s*+)?:
    |source\s*:
    |(?:url|link)\s*:\s*https?://
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
"""Anchored at the line's start; runs of white space and digits are taken whole (possessive), so
that a line of a million spaces is read once, not once per space."""


def is_chrome(line: str) -> bool:
    """Page furniture that holds no article content ("8Next article…", "News ID: 231374")."""
    return bool(CHROME_PATTERNS.match(line))


CREDIT_WORDS = ("photo", "photos", "photograph", "source", "published", "courtesy", "credit", "video",
                "file", "staff", "ap", "getty", "reuters")
"""Words a photo or video credit starts with: "(Photo: Cameron Knight)", "(Published Monday,
July 7, 2014)", "(Source: KSLA News 12)", "(AP Photo/Nat Gurley)"."""
_CREDIT_JOINERS = frozenset({"for", "of", "the", "and", "via", "/", ",", "-", "&"})
_CREDIT = re.compile(r"\(\s*(?P<credit>[^()]{2,80}?)\s*\)\s*$")


def caption_credit(line: str) -> str:
    """The credit of a caption line, without its brackets ("Published Monday, Sept. 7, 2020"), or
    "" for a line that is no caption (`is_caption`)."""
    found = _CREDIT.search(line) if is_caption(line) else None
    return found.group("credit") if found else ""


def is_caption(line: str) -> bool:
    """A photo or video caption: a line that ends with a credit in brackets, one that starts
    with a credit word ("... at the scene on July 23. (Photo: Cameron Knight)") or, after a
    finished sentence, a name in capitals ("... opened fire. (The Washington Post)", "(Gardiner
    Anderson for New York Daily News)"). A bracket of other words ("(shot in vehicle)", "Pitts
    (Gary, IN)", "(UPDATE)") is not a credit."""
    found = _CREDIT.search(line)
    if not found:
        return False
    credit = found.group("credit")
    words = re.findall(r"[\w.'’]+|[/,&-]", credit)
    if words and words[0].lower().rstrip(":.") in CREDIT_WORDS:
        return True
    before = line[:found.start()].rstrip()
    return (before.endswith((".", "!", "?", ".”", '."', "?”", "!”")) and 2 <= len(words) <= 8
            and all(w.lower() in _CREDIT_JOINERS or w[0].isupper() or w[0].isdigit() for w in words)
            and any(w[0].isupper() for w in words))
