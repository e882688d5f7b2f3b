"""Inputs -> `Document` records: files, folders, JSONL/CSV rows, HTML, stdin.

Knows nothing of numbers. Every input is accounted for: a document that cannot be read
comes back with status "skipped" or "failed" and a reason, never as an exception, so one bad
file does not stop the others. Only a path that does not exist at all is an error.
"""
from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from ..errors import DocumentError
from ..figures.lexicon import month_number, month_pattern
from ..types import Document, DocumentStatus
from .chrome import is_chrome

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
ROW_SUFFIXES = (".jsonl", ".csv")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + ROW_SUFFIXES
ROW_FIELDS = ("id", "text", "title", "published", "source", "url", "story")
"""Fields a JSONL/CSV row may have (`id` and `text` are required). `story` (or `event`) puts the
row in a story by hand: a person's grouping wins over the one `facts` finds."""
SNIFF_BYTES = 8192
"""How much of a file is looked at to tell binary data or one of our own outputs from an article."""

_MONTH_RE = rf"(?P<month>{month_pattern(capitalized=True)})\.?"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"^\s*(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?:T[\d:.]+Z?)?\s*$"),  # 20180914
)
_PUBLISHED_LINE = re.compile(r"^\s*(?:Published|Posted|Updated|Date)\s*(?:on)?\s*:?\s*(?P<rest>.+)$",
                             re.IGNORECASE | re.MULTILINE)
_SOURCE_LINE = re.compile(r"^\s*Source\s*:\s*(?P<source>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
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


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decode(data: bytes) -> tuple[str | None, DocumentStatus, str]:
    """(text, status, reason): the text decoded, or None with why. Binary data is skipped (not
    an article); text that does not decode is an article that failed."""
    if data[:2] in _UTF16_BOMS:  # Windows tools write UTF-16 with a byte order mark
        try:
            return data.decode("utf-16"), DocumentStatus.OK, ""
        except UnicodeDecodeError as e:
            return (None, DocumentStatus.FAILED,
                    f"undecodable bytes at offset {e.start}: not UTF-16 despite its byte order mark")
    if b"\x00" in data[:SNIFF_BYTES]:
        return None, DocumentStatus.SKIPPED, "binary file (NUL bytes); expected UTF-8 text"
    try:
        return data.decode("utf-8-sig"), DocumentStatus.OK, ""
    except UnicodeDecodeError as e:
        return None, DocumentStatus.FAILED, f"undecodable bytes at offset {e.start}: not UTF-8"


_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Lone surrogates ("\\ud800" from a broken JSON escape) cannot be written as UTF-8; each
    becomes U+FFFD, one character for one, so offsets keep their meaning."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def _from_text(doc_id: str, path: str, text: str, html: bool = False, **fields) -> Document:
    text, doc_id = clean_text(text), clean_text(doc_id)
    fields = {k: clean_text(v) for k, v in fields.items()}
    if html:
        text, title, published = html_to_text(text)
        fields.setdefault("title", title)
        if published:
            fields.setdefault("published", published)
    if not text.strip():
        return Document(doc_id, path, status=DocumentStatus.SKIPPED, reason="empty document")
    meta = text_metadata(text)
    for key, value in fields.items():
        if value:
            meta[key] = value
    if meta.get("published"):
        meta["published"] = parse_date(meta["published"]) or meta["published"]
    return Document(doc_id, path, text=text, title=meta.get("title", ""), published=meta.get("published", ""),
                    source=meta.get("source", ""), url=meta.get("url", ""))


def _rows(path: Path, rel: str) -> Iterator[Document]:
    """One document per JSONL line or CSV row, read as a stream (an archive file can be larger
    than memory); a bad row is failed, the others go on."""
    file = str(path)
    if path.suffix.lower() == ".jsonl":
        with open(path, "rb") as f:
            for line_no, raw in enumerate(f, 1):
                where = f"{rel}:{line_no}"
                try:
                    line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
                except UnicodeDecodeError as e:
                    yield Document(where, file, status=DocumentStatus.FAILED,
                                   reason=f"line {line_no}: undecodable bytes at column {e.start + 1}: not UTF-8")
                    continue
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    yield Document(where, file, status=DocumentStatus.FAILED, reason=f"line {line_no}: invalid JSON ({e.msg})")
                    continue
                except (ValueError, RecursionError) as e:  # a 5,000-digit integer, 100,000 nested brackets
                    problem = "nested too deeply" if isinstance(e, RecursionError) else " ".join(str(e).split())[:120]
                    yield Document(where, file, status=DocumentStatus.FAILED, reason=f"line {line_no}: unreadable JSON ({problem})")
                    continue
                yield _row_document(row, where, file, line_no, rel)
        return
    with open(path, "rb") as f:
        reader = csv.DictReader(_decoded_lines(f))
        try:
            fieldnames = reader.fieldnames or []
        except (_BadBytes, csv.Error) as e:
            yield Document(rel, file, status=DocumentStatus.FAILED, reason=f"{e}; expected a CSV header line")
            return
        missing = [name for name in ("id", "text") if name not in fieldnames]
        if missing:
            yield Document(rel, file, status=DocumentStatus.FAILED,
                           reason=f"missing column {', '.join(map(repr, missing))}; columns are "
                                  f"{', '.join(fieldnames) or '(none)'}; expected id, text "
                                  f"and optionally {', '.join(ROW_FIELDS[2:])}")
            return
        errors = 0
        while True:
            before = reader.line_num
            try:
                row = next(reader)
            except StopIteration:
                return
            except _BadBytes as e:
                yield Document(f"{rel}:{e.line_no}", file, status=DocumentStatus.FAILED,
                               reason=f"{e}; the rows after it were not read")
                return
            except csv.Error as e:  # a field over the size limit, a NUL: this row only
                errors += 1
                yield Document(f"{rel}:{before + 1}", file, status=DocumentStatus.FAILED,
                               reason=f"line {before + 1}: malformed CSV ({e})")
                if errors >= _MAX_CSV_ERRORS:
                    yield Document(f"{rel}:{before + 2}", file, status=DocumentStatus.FAILED,
                                   reason=f"{_MAX_CSV_ERRORS} malformed rows; the rows after line {before + 1} "
                                          "were not read")
                    return
                continue
            if any(isinstance(v, str) and v.count("\n") > 1 and _ROW_START.search(v) for v in row.values()):
                yield Document(f"{rel}:{reader.line_num}", file, status=DocumentStatus.FAILED,
                               reason=f"line {before + 1}: a quoted field runs over {reader.line_num - before} lines "
                                      "and holds what look like further rows (an unclosed quote?)")
                continue
            yield _row_document(row, f"{rel}:{reader.line_num}", file, before + 1, rel)


_MAX_CSV_ERRORS = 100
"""Malformed rows in one CSV file after which the rest is not read (it is not CSV at all)."""
_ROW_START = re.compile(r"\n[^\n,\"]{1,40},\"?[^\n]{10,}")
"""Inside a quoted field, a line that starts like a CSV row ("17,Some text..."): the mark of a
quote left open, which would otherwise swallow every row after it."""


class _BadBytes(Exception):
    def __init__(self, line_no: int, column: int) -> None:
        super().__init__(f"line {line_no}: undecodable bytes at column {column}: not UTF-8")
        self.line_no = line_no


def _decoded_lines(f) -> Iterator[str]:
    """The lines of a binary file decoded one by one, so that a bad byte names its line and
    every row before it is kept."""
    for line_no, raw in enumerate(f, 1):
        try:
            yield raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
        except UnicodeDecodeError as e:
            raise _BadBytes(line_no, e.start + 1) from e


MAX_ID_CHARS = 200
"""A row id longer than this is a mistake (a 5,000-digit number), not a name: it is cut."""


def row_id(rel: str, raw) -> str:
    """A row's document id, qualified by its file so that two feeds may both use "1":
    "feed.jsonl#1"."""
    text = raw if isinstance(raw, str) else json.dumps(raw) if not isinstance(raw, int) else _int_text(raw)
    return f"{rel}#{text[:MAX_ID_CHARS]}"


def _int_text(n: int) -> str:
    try:
        return str(n)
    except ValueError:  # more digits than Python prints
        return "integer of more than 4300 digits"


def _row_document(row, where: str, file: str, line_no: int, rel: str) -> Document:
    line = f"line {line_no}"
    if not isinstance(row, dict):
        return Document(where, file, status=DocumentStatus.FAILED, reason=f"{line}: expected a JSON object, got {type(row).__name__}")
    bad = next((k for k, v in row.items() if isinstance(v, str) and "\x00" in v), None)
    if bad is not None:  # a NUL is no article text: this row fails, the file's other rows are read
        return Document(where, file, status=DocumentStatus.FAILED,
                        reason=f"{line}: a NUL byte in field {bad!r}; expected text")
    for field in ("id", "text"):
        if row.get(field) in (None, ""):
            doc_id = row_id(rel, row["id"]) if row.get("id") not in (None, "") else where
            return Document(doc_id, file, status=DocumentStatus.FAILED,
                            reason=f"{line}: missing field {field!r}; expected fields {', '.join(ROW_FIELDS)}")
    doc_id = row_id(rel, row["id"])
    if not isinstance(row["text"], str):
        return Document(doc_id, file, status=DocumentStatus.FAILED,
                        reason=f"{line}: field 'text' must be a string, got {type(row['text']).__name__}")
    fields = {k: str(row[k]) for k in ("title", "published", "source", "url") if row.get(k)}
    story = row.get("story") if row.get("story") not in (None, "") else row.get("event")
    doc = replace(_from_text(doc_id, file, row["text"], **fields), row_line=line_no)
    return replace(doc, story=str(story)) if story not in (None, "") and doc.status == DocumentStatus.OK else doc


def _expand(paths: Iterable[str]) -> Iterator[tuple[Path | None, str]]:
    for raw in paths:
        if raw == "-":
            yield None, "-"
            continue
        path = Path(raw)
        if path.is_dir():
            for child in _walk(path):
                yield child, child.relative_to(path).as_posix()
        elif path.exists() or path.is_symlink():
            yield path, path.name
        else:
            raise DocumentError(f"{raw}: no such file or directory")


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry below `folder` in sorted order, hidden ones left out; real folders are
    entered, and anything else (files, links to folders, broken links, FIFOs) is yielded so
    that the loader gives it a row."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        else:
            yield Path(entry.path)


def _not_a_file(path: Path) -> tuple[DocumentStatus, str]:
    """(status, why) when `path` is no article to read, (OK, "") for a regular file: never
    opened, so a FIFO cannot block the run. A broken link failed (the article it pointed to is
    missing); a link to a folder or a device is skipped."""
    if path.is_symlink() and not path.exists():
        return DocumentStatus.FAILED, "broken symbolic link"
    if path.is_dir():
        return DocumentStatus.SKIPPED, "symbolic link to a folder: not followed (give the folder itself to read it)"
    if not path.is_file():
        return DocumentStatus.SKIPPED, "not a regular file (a FIFO, socket or device)"
    return DocumentStatus.OK, ""


def chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """`documents` in lists of `size` (the last may be shorter), in order: the one way a run
    cuts its input, whether one process parses it or several workers do."""
    chunk: list[Document] = []
    for doc in documents:
        chunk.append(doc)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents `paths` hold (rows of JSONL/CSV files counted), for a progress bar's
    ETA; None when it cannot be known up front (stdin)."""
    total = 0
    for path, _ in _expand(paths):
        if path is None:
            return None
        if path.suffix.lower() in ROW_SUFFIXES and not _not_a_file(path)[1]:
            try:
                with open(path, "rb") as f:
                    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
            except OSError:
                lines = 1  # unreadable: one failed row in the documents table
            total += max(lines - (path.suffix.lower() == ".csv"), 1)
        else:
            total += 1
    return total


def check_paths(paths: Iterable[str]) -> None:
    """Raise DocumentError before any work starts when an input path does not exist."""
    for raw in paths:
        if raw != "-" and not Path(raw).exists():
            raise DocumentError(f"{raw}: no such file or directory")


OWN_REPORT = '<meta name="generator" content="facts">'
"""Marks the HTML reports `facts check` writes, so that one written into an input folder is not
read as an article on the next run."""


def _is_fact_table(head: bytes) -> bool:
    """A fact table `facts extract` wrote (CSV header or first JSONL row with doc_id and
    sentence_id), found among the inputs: not articles."""
    first = head.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf")
    return first.startswith(b"doc_id,sentence_id,") or (b'"doc_id"' in first and b'"sentence_id"' in first)


def _unique(documents: Iterator[Document]) -> Iterator[Document]:
    """A file's rows with a repeated id after the first are failed: one id, one article."""
    seen: dict[str, int] = {}
    for doc in documents:
        n = seen.get(doc.doc_id, 0)
        seen[doc.doc_id] = n + 1
        if n:
            yield replace(doc, doc_id=f"{doc.doc_id} (duplicate {n})", text="", status=DocumentStatus.FAILED,
                          reason=f"duplicate id: an earlier row of {doc.path} has the id {doc.doc_id!r}; "
                                 "ids must be unique within a file")
            continue
        yield doc


def _stdin_document(stream) -> Document:
    """The document on standard input, decoded like a file: UTF-8 or a failed row, never a
    silent replacement of bad bytes."""
    if stream is None or getattr(stream, "closed", False):
        return Document("-", "-", status=DocumentStatus.FAILED, reason="standard input is closed")
    try:
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
    except (OSError, ValueError) as e:
        return Document("-", "-", status=DocumentStatus.FAILED, reason=f"standard input cannot be read: {e}")
    if isinstance(data, str):
        return _from_text("-", "-", data)
    text, status, problem = _decode(data)
    if text is None:
        return Document("-", "-", status=status, reason=problem)
    return _from_text("-", "-", text)


def load_documents(paths: Iterable[str], stdin=None) -> Iterator[Document]:
    """Every document in `paths` (files, folders, "-" for stdin), in a stable order. Ids are
    unique within a run: rows are qualified by their file ("feed.jsonl#1"), and a file name
    met twice (two folders given) is qualified by its path."""
    paths = list(paths)
    check_paths(paths)
    names: set[str] = set()
    for path, rel in _expand(paths):
        if path is not None:
            rel = rel if rel not in names else str(path)
            names.add(rel)
        if path is None:
            yield _stdin_document(stdin if stdin is not None else sys.stdin)
            continue
        status, problem = _not_a_file(path)
        if problem:
            yield Document(rel, str(path), status=status, reason=problem)
            continue
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            yield Document(rel, str(path), status=DocumentStatus.SKIPPED,
                           reason=f"unsupported file type {suffix or '(none)'!r}; expected one of "
                                  f"{', '.join(SUPPORTED_SUFFIXES)}")
            continue
        try:
            if suffix in ROW_SUFFIXES:
                with open(path, "rb") as f:
                    head = f.read(SNIFF_BYTES)
                # A NUL in the first line (a CSV header, a first record) makes the file binary; a
                # NUL further on fails its own row only (`_rows`), and the other rows are read.
                if b"\x00" in head.split(b"\n", 1)[0]:
                    yield Document(rel, str(path), status=DocumentStatus.SKIPPED, reason="binary file (NUL bytes); expected UTF-8 text")
                    continue
                if _is_fact_table(head):
                    yield Document(rel, str(path), status=DocumentStatus.SKIPPED, reason="a facts table, not articles")
                    continue
                yield from _unique(_rows(path, rel))
                continue
            data = path.read_bytes()
        except OSError as e:
            yield Document(rel, str(path), status=DocumentStatus.FAILED, reason=f"unreadable: {e.strerror}")
            continue
        text, status, problem = _decode(data)
        if text is None:
            yield Document(rel, str(path), status=status, reason=problem)
            continue
        if suffix in HTML_SUFFIXES and OWN_REPORT in text[:2000]:
            yield Document(rel, str(path), status=DocumentStatus.SKIPPED, reason="a facts report, not an article")
            continue
        yield _from_text(rel, str(path), text, html=suffix in HTML_SUFFIXES)
