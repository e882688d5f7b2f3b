"""Which files an input names: folders walked in a stable order, links not followed, devices
never opened; the suffixes read as articles."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import DocumentError
from ..types import DocumentStatus

TEXT_SUFFIXES = (".txt", ".md", ".markdown")


HTML_SUFFIXES = (".html", ".htm")


ROW_SUFFIXES = (".jsonl", ".csv")


SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + ROW_SUFFIXES


def expand(paths: Iterable[str]) -> Iterator[tuple[Path | None, str]]:
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


def not_a_file(path: Path) -> tuple[DocumentStatus, str]:
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


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents `paths` hold (rows of JSONL/CSV files counted), for a progress bar's
    ETA; None when it cannot be known up front (stdin)."""
    total = 0
    for path, _ in expand(paths):
        if path is None:
            return None
        if path.suffix.lower() in ROW_SUFFIXES and not not_a_file(path)[1]:
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
