"""Inputs -> `Document` records: files, folders, JSONL/CSV rows, HTML, stdin.

Knows nothing of numbers. Every input is accounted for: a document that cannot be read
comes back with status "skipped" or "failed" and a reason, never as an exception, so one bad
file does not stop the others. Only a path that does not exist at all is an error. The work is
done by small modules: `paths` (which files), `text` (bytes to text), `metadata` and `html`
(what an article says about itself), `rows` (JSONL and CSV).
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ..types import Document, DocumentStatus
from .paths import HTML_SUFFIXES, ROW_SUFFIXES, SUPPORTED_SUFFIXES, check_paths, expand, not_a_file
from .rows import read_rows
from .text import OWN_REPORT, SNIFF_BYTES, decode, from_text, is_fact_table


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
        return from_text("-", "-", data)
    text, status, problem = decode(data)
    if text is None:
        return Document("-", "-", status=status, reason=problem)
    return from_text("-", "-", text)


def load_documents(paths: Iterable[str], stdin=None, memo=None) -> Iterator[Document]:
    """Every document in `paths` (files, folders, "-" for stdin), in a stable order. Ids are
    unique within a run: rows are qualified by their file ("feed.jsonl#1"), and a file name
    met twice (two folders given) is qualified by its path. `memo` (the extraction cache) keeps
    what each article file says of itself (`text.read_metadata`)."""
    paths = list(paths)
    check_paths(paths)
    names: set[str] = set()
    for path, rel in expand(paths):
        if path is not None:
            rel = rel if rel not in names else str(path)
            names.add(rel)
        if path is None:
            yield _stdin_document(stdin if stdin is not None else sys.stdin)
            continue
        status, problem = not_a_file(path)
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
                if is_fact_table(head):
                    yield Document(rel, str(path), status=DocumentStatus.SKIPPED, reason="a facts table, not articles")
                    continue
                yield from _unique(read_rows(path, rel))
                continue
            data = path.read_bytes()
        except OSError as e:
            yield Document(rel, str(path), status=DocumentStatus.FAILED, reason=f"unreadable: {e.strerror}")
            continue
        text, status, problem = decode(data)
        if text is None:
            yield Document(rel, str(path), status=status, reason=problem)
            continue
        if suffix in HTML_SUFFIXES and OWN_REPORT in text[:2000]:
            yield Document(rel, str(path), status=DocumentStatus.SKIPPED, reason="a facts report, not an article")
            continue
        yield from_text(rel, str(path), text, html=suffix in HTML_SUFFIXES, memo=memo)
