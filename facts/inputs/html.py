"""HTML to an article's text: block elements become paragraphs, scripts and page chrome go,
and the head gives the title and publication date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .metadata import parse_date

PUBLISHED_META = frozenset({"article:published_time", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued",
                            "datepublished", "parsely-pub-date", "sailthru.date", "og:published_time"})
"""The meta tags that give a page's publication date."""


class _HTMLText(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
                        "header", "footer", "blockquote", "pre", "title", "ul", "ol", "table", "figcaption"})
    DROPPED = frozenset({"script", "style", "noscript", "template", "svg"})
    BODY_STARTS = frozenset({"body", "p", "div", "article", "section", "main", "h1", "h2", "h3", "table", "ul", "ol"})
    """A <head> ends at </head>, or where the body plainly begins when </head> is missing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title = ""
        self.in_title = False
        self.published = ""
        self.url = ""
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag in self.BODY_STARTS:
            self.in_head = False
        if tag == "title":
            self.in_title = True
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if tag == "meta" and name in PUBLISHED_META:
            self.published = self.published or attrs.get("content") or ""
        if (tag == "meta" and name == "og:url") or (tag == "link" and (attrs.get("rel") or "").lower() == "canonical"):
            self.url = self.url or attrs.get("content") or attrs.get("href") or ""
        if tag == "time" and attrs.get("datetime"):
            self.published = self.published or attrs["datetime"]
        if tag in self.DROPPED:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "head":
            self.in_head = False
        if tag in self.DROPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if not self.skip and not self.in_head:
            self.parts.append(data)


@dataclass(frozen=True)
class Page:
    """What an HTML page gives: its text, and from its head the title, publication date and
    address (canonical link or og:url; http and https only)."""

    text: str
    title: str = ""
    published: str = ""
    url: str = ""


def html_to_text(html: str) -> Page:
    """The text of an HTML page, scripts and styles dropped, with what its head says of it."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    published = parse_date(parser.published) or (parser.published[:10] if re.match(
        r"\d{4}-\d{2}-\d{2}", parser.published) else "")
    url = parser.url.strip() if parser.url.strip().lower().startswith(("http://", "https://")) else ""
    return Page(text, " ".join(parser.title.split()), published, url)
