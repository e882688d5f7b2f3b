"""JSONL and CSV inputs: one article per row, with its id, title, date, outlet, URL and story
fields; a bad row fails alone and names its line."""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..types import Document, DocumentStatus
from .text import from_text

ROW_FIELDS = ("id", "text", "title", "published", "source", "url", "story")
"""Fields a JSONL/CSV row may have (`id` and `text` are required). `story` (or `event`) puts the
row in a story by hand: a person's grouping wins over the one `facts` finds."""


def read_rows(path: Path, rel: str) -> Iterator[Document]:
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
    doc = replace(from_text(doc_id, file, row["text"], **fields), row_line=line_no)
    return replace(doc, story=str(story)) if story not in (None, "") and doc.status == DocumentStatus.OK else doc
