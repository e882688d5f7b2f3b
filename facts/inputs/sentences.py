"""Split article text into sentences with character offsets; page chrome lines and lines that
only date the article are left out.

A regex splitter rather than spaCy's parser: it lets `extract` send only the sentences that
can hold a number through the (slow) spaCy pipeline.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from ..figures import numbers
from ..figures.lexicon import MONTH_ABBREVIATIONS, MONTHS
from .chrome import is_caption, is_chrome
from .metadata import clean_title, is_date_line

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "gov", "sen", "rep",
    "st", "mt", "ft", "jr", "sr", "inc", "ltd", "co", "corp", "no", "nos", "vs", "v", "etc", "approx",
    *(m[:3] for m in MONTHS if len(m) > 3), *MONTH_ABBREVIATIONS, "fig", "al",
    "est", "pres", "rev", "hon", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m",
}
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"”’')\]]*+\s++(?=[\"“‘(\[]?[A-Z0-9])")
"""The end of a sentence: its stops, closing quotes or brackets, white space, and a capital or a
digit. Each run is taken whole (possessive) and tried from its first stop only, so that a run of a
million dots costs one pass, not one per dot."""
_NUMBER_WORDS = sorted({*numbers.SMALL, *numbers.TENS, *numbers.SCALES, *(w + "s" for w in numbers.SCALES),
                        "dozen", "dozens", *numbers.FRACTIONS, *(w.split()[-1] for w in numbers.VAGUE_MULTIPLIERS),
                        "scores", "handful", "couple", *numbers.MULTIPLIERS} - {"zero"}, key=len, reverse=True)
_NUMBERISH = re.compile(r"\d|[" + "".join(numbers.VULGAR_FRACTIONS) + r"]|\b(?:" + "|".join(_NUMBER_WORDS)
                        + r")\b|\Bfold\b", re.IGNORECASE)
"""Digits, a fraction sign ("½"), a number word or a multiplier ("doubled", "fivefold"): a
sentence without them holds no figure and is never parsed."""


def can_hold_number(sentence: str) -> bool:
    """Cheap test run before any parsing: digits or a number word."""
    return _NUMBERISH.search(sentence) is not None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the content lines of `text`, in order."""
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """`split_sentences`, one line at a time: the sentences of a line depend on that line alone,
    so a reader who needs only the first few (a story's lead) does not split the rest."""
    for line in re.finditer(r"[^\n]+", text):
        if not line.group(0).strip() or is_chrome(line.group(0)) or is_date_line(line.group(0)):
            continue  # page furniture, and lines that only date the article ("11 / 28 / 05")
        spans: list[tuple[int, int]] = []
        start = line.start()
        for m in _BOUNDARY.finditer(line.group(0)):
            cut = line.start() + m.end()
            last_word = word_before_stop(text, start, line.start() + m.start() + 1)
            if last_word and (last_word.lower().rstrip(".") in _ABBREVIATIONS or _INITIALS.fullmatch(last_word)):
                continue
            _add(spans, text, start, cut)
            start = cut
        _add(spans, text, start, line.end())
        yield from spans


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")


def word_before_stop(text: str, start: int, end: int) -> str:
    """The word of letters and dots that `text[start:end]` ends with, before its final stop
    ("Mr" of "... Mr.", "U.S" of "... U.S."), or "" when it does not end with a stop after a
    letter or dot. Read backwards from `end`: its cost is the word's length, never the sentence's
    (the sentence before an abbreviation is read once, not once per abbreviation in it)."""
    if end - start < 2 or text[end - 1] != ".":
        return ""
    i = end - 1
    while i > start and text[i - 1] in _WORD_CHARS:
        i -= 1
    return text[i:end - 1]


MAX_SENTENCE_CHARS = 2000
"""A "sentence" longer than this (a table flattened into one line, a run-on list) is cut at
white space into pieces of at most this length: the parser has a length limit, and a figure's
row repeats its sentence, so a 1 MB sentence with 4,000 figures would cost 4 GB."""


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    start, end = start + lead, end - trail
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


STAMP_CHARS = 400
"""The longest date stamp a page puts beside its title on the first line ("Posted: Monday, May 2,
2016 at 10:35 AM EDT | Updated: ..." is under 100 characters). `metadata.clean_title` reads every
date of what it is given against every other: given a whole article on one line it cost seconds
per 100 KB."""
LEAD_SENTENCES = 2
"""How many sentences after the headline make the lead: where a news story states its totals."""
_METADATA_LINE = re.compile(r"^\s*+(?:published|posted|updated|date|source|url|by|link)\b\s*+(?:on\s*+)?:",
                            re.IGNORECASE)


def positions(text: str, title: str, spans: list[tuple[int, int]]) -> list[str]:
    """Where each sentence of `spans` (from `split_sentences`) stands: "headline" when it lies on
    the text's first line and that line is the document's title, "lead" for the first
    `LEAD_SENTENCES` sentences after it (metadata lines such as "Published: ..." skipped),
    "caption" for a photo or video caption (`chrome.is_caption`) before the lead is complete,
    "body" for the rest. A sentence the page repeats keeps the place of its first occurrence.
    Each line is found and read once, however many sentences it holds (`Lines`)."""
    first_line_end = text.find("\n")
    first_line_end = len(text) if first_line_end < 0 else first_line_end
    title = " ".join(title.split())
    first_line = " ".join(text[:first_line_end].split())
    # the title is the first line, or that line without the date stamp a page put after it (a
    # stamp is short: a first line far longer than the title, a text on one line, is not cleaned)
    headline_ok = bool(title) and (title == first_line or (len(first_line) <= len(title) + STAMP_CHARS
                                                           and title == clean_title(first_line)))
    out, lead = [], 0
    seen: dict[str, str] = {}  # a sentence's words -> the position of its first occurrence
    lines = Lines(text)
    kinds: dict[int, str] = {}  # a line's start -> "metadata", "caption" or ""
    for start, end in spans:
        line_start, line_end = lines.around(start)
        if line_start not in kinds:
            line = text[line_start:line_end]
            kinds[line_start] = "metadata" if _METADATA_LINE.match(line) else "caption" if is_caption(line) else ""
        kind = kinds[line_start]
        words = " ".join(text[start:end].split())
        if headline_ok and start < first_line_end:
            out.append("headline")
        elif words in seen:
            # a sentence repeated by the page (a teaser, a caption, the headline again) keeps the
            # place of its first occurrence and does not push the real lead into the body
            out.append(seen[words])
        elif kind == "metadata":
            out.append("body")
        elif kind == "caption":
            # a photo or video caption above the lead does not take the lead's place
            out.append("caption" if lead < LEAD_SENTENCES else "body")
        elif lead < LEAD_SENTENCES:
            out.append("lead")
            lead += 1
        else:
            out.append("body")
        seen.setdefault(words, out[-1])
    return out


class Lines:
    """The lines of a text, found once: the line around an offset, and an offset's 1-based line
    and column, in time that does not grow with the text (a binary search over its line breaks)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def around(self, offset: int) -> tuple[int, int]:
        """(start, end) of the line that holds `offset`, its line break excluded."""
        i = bisect_left(self.breaks, offset)
        return (self.breaks[i - 1] + 1 if i else 0), (self.breaks[i] if i < len(self.breaks) else len(self.text))

    def line_column(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of `offset` (a line break belongs to the line it ends)."""
        i = bisect_left(self.breaks, offset)
        return i + 1, offset - (self.breaks[i - 1] if i else -1)
