"""HTML to an article's text: block elements become paragraphs, scripts and page chrome go,
and the head gives the title and publication date."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .metadata import parse_date


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
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag in self.BODY_STARTS:
            self.in_head = False
        if tag == "title":
            self.in_title = True
        if tag == "meta" and (attrs.get("property") or attrs.get("name") or "").lower() in (
                "article:published_time", "date", "pubdate", "publishdate", "dc.date"):
            self.published = self.published or attrs.get("content") or ""
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


def html_to_text(html: str) -> tuple[str, str, str]:
    """(text, title, published) of an HTML page, scripts and styles dropped."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    published = parse_date(parser.published) or (parser.published[:10] if re.match(
        r"\d{4}-\d{2}-\d{2}", parser.published) else "")
    return text, parser.title.strip(), published
