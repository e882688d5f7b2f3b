"""What an article says about itself in plain text: its title, its publication date, its outlet
("Source: ...") and address ("URL: ...").

An article dates itself in a few places only, and only those are read (`DATE_RULES`, most
trusted first): a stamp ("Published: May 2, 2016", "UPDATED 3:09 AM EST Dec 19, 2008"), a
dateline (a line that holds a date and nothing else but times, weekdays and time zones:
"Sunday, July 21, 2013 | 5:00 PM"; or a place in capitals and a date before the story:
"SAVANNAH, GA (October 16, 2015): ..."), and the date in its URL ("/2013/05/03/",
"-20130504"). A date in a sentence is the date of something in the story ("the quake of October
10, 2002") and is never read: a wrong date is worse than none. The words are data
(`data/dates.json`)."""
from __future__ import annotations

import datetime
import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from ..figures.lexicon import WEEKDAYS, month_number, month_pattern
from .chrome import caption_credit, is_chrome

_MONTH = rf"(?P<month>{month_pattern()})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

DATE_FORMS = (
    ("month day year", re.compile(rf"\b{_MONTH}\s*{_DAY}(?:\s*,\s*|\s+|\s*-\s*){_YEAR}(?!\d)", re.IGNORECASE)),
    ("day month year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}(?!\d)", re.IGNORECASE)),
    ("year-month-day", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[-./])(?P<month>[01]?\d)(?P=sep)"
                                  r"(?P<day>[0-3]?\d)(?![\d.]\d)")),
    ("month/day/year", re.compile(r"(?<![\d/])(?P<month>[0-3]?\d)\s*/\s*(?P<day>[0-3]?\d)\s*/\s*"
                                  r"(?P<year>(?:19|20)\d{2}|\d{2})(?![\d/])")),
    ("yyyymmdd", re.compile(r"^\s*(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?:T[\d:.]+Z?)?\s*$")),
)
"""The ways a date is written: "Nov. 9th 2015", "27 NOVEMBER, 2005", "2012.08.08", "11 / 28 / 05"
(month first, as in American news; day first only when the first number cannot be a month:
"27 / 09 / 2013"), "20180914" (a field holding only that)."""


@dataclass(frozen=True)
class DateWords:
    published: re.Pattern   # a stamp of first publication ("Posted on")
    updated: re.Pattern     # a stamp of a later update ("Last updated:")
    filler: re.Pattern      # what may stand beside a date on a line that only dates the article


@lru_cache(maxsize=1)
def date_words() -> DateWords:
    data = json.loads(resources.files("facts").joinpath("data/dates.json").read_text("utf-8"))

    def stamps(words: list[str]) -> re.Pattern:
        ordered = sorted(words, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)
                          + r")\b\s*(?P<colon>:)?", re.IGNORECASE)

    zones = "|".join(sorted(map(re.escape, data["time_zones"]), key=len, reverse=True))
    words = sorted({*data["filler_words"], *data["weekdays"], *WEEKDAYS, *data["time_zones"]}, key=len, reverse=True)
    token = (r"\s+|[,.|:;()\[\]/\-–—•·@]+"
             r"|\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?(?:\s*[ap]\.?(?:\s?m\b\.?)?)?"  # 10:49 AM, 05.51AM, 5:03p
             r"|\b(?:[01]?\d|2[0-3])\s*[ap]\.?\s?m\b\.?"                                 # 7 pm
             rf"|\b(?:[01]\d|2[0-3])[0-5]\d(?=\s*\(?\s*(?:{zones})\b)"                    # 1052 GMT
             r"|\b(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?"                              # GMT+05:00
             r"|\b(?:" + "|".join(map(re.escape, words)) + r")\b\.?")
    return DateWords(stamps(data["published_stamps"]), stamps(data["updated_stamps"]),
                     re.compile(rf"(?:{token})*", re.IGNORECASE))


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    iso: str


def _iso(m: re.Match) -> str:
    """YYYY-MM-DD of a date match, or "" when it is no calendar date (31 February, month 13)."""
    month_text, day, year = m.group("month"), int(m.group("day")), m.group("year")
    number = int(month_text) if month_text.isdigit() else month_number(month_text)
    y = int(year)
    if len(year) == 2:
        y += 2000 if y < 70 else 1900
    if month_text.isdigit() and "sep" not in m.groupdict() and number > 12 and day <= 12:
        number, day = day, number  # 27 / 09 / 2013: the day comes first
    try:
        return datetime.date(y, number, day).isoformat()
    except ValueError:
        return ""


_YEAR_DIGITS = re.compile(r"\d\d")
"""Every form of `DATE_FORMS` writes its year with two digits or more: a text without two digits
in a row holds no date."""


def find_dates(text: str) -> list[FoundDate]:
    """Every calendar date written in `text`, in order, none overlapping another."""
    return list(_dates(text)) if _YEAR_DIGITS.search(text) else []


@lru_cache(maxsize=64)
def _dates(text: str) -> tuple[FoundDate, ...]:
    """`find_dates`, kept for the lines of one article read again: its head lines are read for
    stamps, datelines and its title (a pure function of the text; FoundDate is frozen)."""
    found = []
    for _, pattern in DATE_FORMS:
        for m in pattern.finditer(text):
            iso = _iso(m)
            if iso:
                found.append(FoundDate(m.start(), m.end(), iso))
    out: list[FoundDate] = []
    for d in sorted(found, key=lambda d: (d.start, -d.end)):
        if not out or d.start >= out[-1].end:
            out.append(d)
    return tuple(out)


def caption_date(line: str) -> str:
    """The date a caption's credit gives its photo or video ("... speeding off. (Published Monday,
    Sept. 7, 2020)": 2020-09-07), as YYYY-MM-DD, or "": a caption dated before its article shows
    what was known then (`extract._earlier_caption`: its tolls are dated that day)."""
    dates = find_dates(caption_credit(line))
    return dates[0].iso if dates else ""


def parse_date(text: str) -> str:
    """The first calendar date of a field that holds a date (a `published` column, an HTML meta
    tag) as YYYY-MM-DD, or "" ("Sept 14, 2018" -> 2018-09-14)."""
    dates = find_dates(text)
    return dates[0].iso if dates else ""


def _filler(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether `text` (or `text[start:end]`, read in place: a long line is not copied per stamp
    word) holds nothing but times, weekdays, time zones, stamp words and punctuation."""
    return date_words().filler.fullmatch(text, start, len(text) if end is None else end) is not None


def _stamped(line: str) -> list[tuple[str, str]]:
    """(kind, date) of each stamp on a line: "published" or "updated". A stamp ends with a colon
    ("... Posted: November 23, 2015 6:55 PM EST"), is written in capitals ("By Ally
    Aldrete. CREATED May 12, 2015"), or opens a line that only dates the article ("Posted 11 / 27 /
    2005 7:21 AM"; not "Released on May 2, 2013, the album ..."); its date follows it with nothing
    but times, weekdays and zones between. In a caption's brackets ("(Published July 7, 2014)") it dates the video, not the article, and is not read."""
    dates = find_dates(line)
    if not dates:  # a stamp counts only with a date after it
        return []
    words = date_words()
    starts = [d.start for d in dates]
    out = []
    for kind, pattern in (("published", words.published), ("updated", words.updated)):
        for m in pattern.finditer(line):
            said = m.group(0).rstrip(": ")
            if not (m.group("colon") or said.isupper() or (_filler(line, 0, m.start()) and _dateline(line))):
                continue
            # the first date after the stamp word, found by halving (a long line has many of both)
            k = bisect_left(starts, m.end())
            after = dates[k] if k < len(dates) else None
            if after and _filler(line, m.end(), after.start):
                out.append((m.start(), kind, after.iso))
    return [(kind, iso) for _, kind, iso in sorted(out)]


def _dateline(line: str) -> str:
    """The date of a line that holds a date and nothing else but times, weekdays, time zones and
    stamp words ("December 15th, 2008, 7:35 am", "21 July 2013 Last updated at 11:11 GMT")."""
    dates = find_dates(line)
    if not dates or not _filler(line[:dates[0].start]):
        return ""
    rest = line[dates[0].end:]
    for d in dates[1:]:  # "on April 30, 2008 at 4:31 AM, updated April 30, 2008 at 8:33 AM"
        rest = rest.replace(line[d.start:d.end], " ", 1)
    return dates[0].iso if _filler(rest) else ""


_PLACE_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}"            # SAVANNAH, JAY COUNTY
    r"(?:\s*,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"            # , GA / , Calif. / , Ind.
    r"\s*(?:\((?P<inside>[^()]{6,50})\)|[-–—]+\s*(?P<after>.{6,40}))")


def _place_dateline(line: str) -> str:
    """The date of a dateline before a story: a place in capitals and a date in brackets or
    after a dash ("SAVANNAH, GA (October 16, 2015): ...", "SUNNYVALE, Calif. —2 / 29 / 2012")."""
    m = _PLACE_DATELINE.match(line)
    if not m:
        return ""
    if m.group("inside") is not None:
        return _dateline(m.group("inside"))
    dates = find_dates(m.group("after"))
    return dates[0].iso if dates and dates[0].start == 0 else ""


_URL_DATES = (
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?=/|\?|$)"),      # /2013/05/03/
    re.compile(rf"/(?P<year>(?:19|20)\d{{2}})/{_MONTH}/(?P<day>[0-3]?\d)(?=/|\?|$)", re.IGNORECASE),  # /2005/jun/26/
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),    # 2005-11-27-iran
    re.compile(r"(?<!\d)(?P<year>199\d|20[0-3]\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)"),     # -20130504
)


def url_date(url: str) -> str:
    """The date in an article's address ("/2013/05/03/", "/2005/jun/26/", "-20130504",
    "ymd=20081216"), or ""; the host name is not read. A day is a whole part of the path:
    "/2013/08/5-thoughts-on-..." names a month and a list, not 5 August."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    where = f"{parts.path}?{parts.query}"
    found = sorted((m.start(), _iso(m)) for pattern in _URL_DATES for m in pattern.finditer(where))
    return next((iso for _, iso in found if iso), "")


HEAD_LINES = 30
"""How far an article's head may reach: its stamps and dateline come before the story, within
its first lines (`head`)."""
BODY_WORDS = 25


def head(lines: list[str]) -> list[str]:
    """The lines before the story: up to the second paragraph of `BODY_WORDS` words or more, and
    at most `HEAD_LINES` lines (menus and captions come first on a web page)."""
    out, long = [], 0
    for line in lines[:HEAD_LINES]:
        out.append(line)
        long += len(line.split()) >= BODY_WORDS
        if long >= 2:
            break
    return out


DATE_RULES = (
    ("stamp", "a stamp of publication: 'Published: May 2, 2016', 'Posted 11 / 27 / 2005 7:21 AM'"),
    ("dateline", "a line that only dates the article ('Sunday, July 21, 2013 | 5:00 PM'), or a place and a "
                 "date before the story ('SAVANNAH, GA (October 16, 2015): ...')"),
    ("updated", "a stamp of an update: 'Last Updated: 28 November 2005, 02:24 GMT', 'UPDATED 3:09 AM EST Dec 19, 2008'"),
    ("url", "the date in the article's address: '/2013/05/03/', '/2005/jun/26/', '-20130504'"),
)
"""Where an article's date is read, most trusted first: the first rule that finds one decides."""


def read_date(lines: list[str], url: str = "") -> tuple[str, str]:
    """(date, rule) of an article from its head lines (`head`) and its address; ("", "") when it
    does not date itself."""
    found: dict[str, str] = {}
    for line in lines:
        stamped = _stamped(line)
        for kind, iso in stamped:
            found.setdefault("stamp" if kind == "published" else "updated", iso)
        date = "" if stamped else _dateline(line) or _place_dateline(line)
        if date:
            found.setdefault("dateline", date)
    if url:
        found.setdefault("url", url_date(url))
    return next(((found[rule], rule) for rule, _ in DATE_RULES if found.get(rule)), ("", ""))


def is_date_line(line: str) -> bool:
    """A line that holds a date and nothing else but times, weekdays, time zones and stamp words
    ("Posted 11 / 27 / 2005 7:21 AM", "27 NOVEMBER, 2005"): it dates the article and states no
    figure. A headline with a stamp after it is not one."""
    return bool(_dateline(line))


def is_stamp(line: str) -> bool:
    """A line that dates the article rather than tells it: a stamp or a dateline ("Posted 11 / 27 /
    2005 7:21 AM", "27 NOVEMBER, 2005"); never a title."""
    return bool(_stamped(line) or _dateline(line))


_TIME = re.compile(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d")


def _is_stamp_part(part: str) -> bool:
    """Whether a piece of title around a date is a page's stamp: it has a stamp word or a time
    ("3 July 2013 Last updated at 13:38 GMT"), not only a date ("the quake of October 10, 2002")."""
    words = date_words()
    return bool(words.published.search(part) or words.updated.search(part) or _TIME.search(part))


def clean_title(title: str) -> str:
    """A title without the date stamp a page put after or before it ("Wellington fire 3 July 2013
    Last updated at 13:38 GMT" -> "Wellington fire"); a date that is part of the headline stays."""
    title = " ".join(title.split())
    dates = find_dates(title)
    for d in dates:  # a stamp that ends the title
        rest = title[d.start:]
        for other in dates:
            if other.start >= d.start:
                rest = rest.replace(title[other.start:other.end], " ", 1)
        if not _filler(rest):
            continue
        words = title[:d.start].split(" ")
        while words and _filler(words[-1]):
            words.pop()
        kept = " ".join(words).rstrip(" -|–—,;:")
        if kept and _is_stamp_part(title[len(" ".join(words)):]):
            return kept
        break
    if dates and _filler(title[:dates[0].start]):  # a stamp that opens the title
        m = date_words().filler.match(title, dates[0].end)
        end = m.end() if m else dates[0].end
        kept = title[end:].lstrip(" -|–—,;:")
        if kept and _is_stamp_part(title[:end]):
            return kept
    return title


_TITLE_SEPARATOR = re.compile(r"\s+[-|\u2013\u2014]\s+|\s+\|")
_DOMAIN = re.compile(r"\b[a-z0-9-]+\.(?:com|org|net|tv|news|co|us|info)\b", re.IGNORECASE)
_CALL_LETTERS = re.compile(r"(?<![\w-])[KW][A-Z]{2,3}\d*(?:-(?:TV|DT|FM|AM))?(?![\w-])")
_PLACE = re.compile(r"^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2},\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}$")


@dataclass(frozen=True)
class TitleWords:
    outlet: re.Pattern
    section: frozenset
    network: re.Pattern


@lru_cache(maxsize=1)
def title_words() -> TitleWords:
    data = json.loads(resources.files("facts").joinpath("data/titles.json").read_text("utf-8"))
    outlet = "|".join(map(re.escape, data["outlet_words"]))
    networks = "|".join(map(re.escape, data["networks"]))
    return TitleWords(re.compile(rf"(?:\b|\d)(?:{outlet})(?:\b|\d)|\b\w*news\b", re.IGNORECASE),
                      frozenset(data["section_words"]),
                      re.compile(rf"(?i:\b(?:{networks})\s?\d+\b|\bchannel\s\d+\b)|\b(?:{networks.upper()})\b"))


def _names_outlet(part: str) -> bool:
    """A part of a title that names the site ("FOX 8 WVUE New Orleans News, Weather, Sports")."""
    words = title_words()
    section = {w.lower() for w in re.findall(r"[A-Za-z]+", part)} & words.section
    return bool(_DOMAIN.search(part) or _CALL_LETTERS.search(part) or words.outlet.search(part)
                or words.network.search(part) or len(section) >= 2)


def without_site_name(title: str) -> str:
    """A page's title without the site's name its end gives after a separator ("Man shot on Elm
    Street - FOX 8 WVUE New Orleans News, Weather, Sports" -> "Man shot on Elm Street"; "... -
    Action News 5 - Memphis, Tennessee" -> "..."); a part of the headline stays ("Two Shot Friday
    - Police", "... - The Homicide Report"). The words are data (`data/titles.json`)."""
    title = " ".join(title.split())
    cuts = [(m.start(), m.end()) for m in _TITLE_SEPARATOR.finditer(title)]
    cut, outlet = None, False
    for k in range(len(cuts) - 1, -1, -1):  # the parts after separators, from the end
        part = title[cuts[k][1]:cuts[k + 1][0] if k + 1 < len(cuts) else len(title)].strip(" |")
        if part and _names_outlet(part):
            outlet = True
        elif part and not _PLACE.match(part):
            break
        cut = k
    if cut is not None and outlet and title[:cuts[cut][0]].strip():
        title = title[:cuts[cut][0]].rstrip(" -|–—:;,")
        cuts = cuts[:cut]
    if cuts and _names_outlet(title[:cuts[0][0]]) and title[cuts[0][1]:].strip(" |"):  # "CBS 58 - Two shot ..."
        return title[cuts[0][1]:].strip(" |")
    return title


_SOURCE_LINE = re.compile(r"^\s*Source\s*:\s*(?P<source>\S(?:.*\S)?)[^\S\n]*$", re.IGNORECASE | re.MULTILINE)


_URL_LINE = re.compile(r"^\s*(?:URL|Link)\s*:\s*(?P<url>https?://\S+)\s*$", re.IGNORECASE | re.MULTILINE)
"""A `URL:` line of a .txt/.md article links its source, as `Published:` dates it (http and https
only: an article never puts a javascript: link into a report)."""


TITLE_CHARS = 200
"""A headline is at most this long; a longer first line is the article's first paragraph."""


def text_metadata(text: str, url: str = "") -> dict:
    """Title, published date (and the rule that read it), source and URL read from an article's
    own text; `url`, when the input gives one, is read for a date too."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    top = head(lines)
    # the first line that is not page furniture, a stamp or a link is the headline, when it is
    # short enough to be one: a text that opens on a paragraph has no headline, and a sentence of
    # its body further down is none either
    first = next((line for line in lines if not is_chrome(line) and not is_stamp(line) and not _URL_LINE.match(line)),
                 "")
    title = first if len(first) <= TITLE_CHARS else ""
    source = _SOURCE_LINE.search(text)
    own_url = _URL_LINE.search(text)
    link = url or (own_url.group("url") if own_url else "")
    published, rule = read_date(top, link)
    return {"title": title, "published": published, "dated_by": rule,
            "source": source.group("source") if source else "", "url": own_url.group("url") if own_url else ""}
