"""The extraction cache: the fact rows of a document, kept under a key of everything that makes
them, so that a re-run extracts only the documents that are new or changed. Both engines key a
document with `document_key`; the local engine keeps the rows in one SQLite file (`Cache`).

A document's key is the SHA-256 of
- the extraction's `fingerprint`: the cache format, facts' version, a hash of the package's own
  source and data files (facts/**/*.py and facts/data/*, so that any change to a checkout's code
  or word lists invalidates every entry), the versions of Python and of the libraries that read the
  text (`READERS`), the installed spaCy model's file hashes (its wheel's RECORD) and the
  extraction options (the fast parser as `FACTS_FAST` resolves it);
- the document as read: every field of `Document` (its id, text, title, date, outlet, URL,
  status) except those that never reach its rows (`NOT_IN_ROWS`: the file's path and a row's line
  number, so that a feed that gains rows at the top keeps its entries) and those set from the
  whole collection (`COLLECTION_FIELDS`: the story). Rows are returned with the collection's
  fields set from the document at hand. `tests/test_cache.py` checks that changing a left-out
  field changes no row but those.

Rows are stored as JSON (whatever columns the extractor gives; plain strings, numbers, booleans
and nulls, which JSON gives back exactly), compressed, with a digest of key and payload.

A story's claims and pairs are kept too (`story_claims`, table `claims`), under a key of its
rows, the options and the same-fact model (`claims.group.story_memo_keys`): a re-run groups
again only the stories whose rows changed. So are the words, names and lead tolls that grouping
into stories reads of a document (`story_features`, table `features`, under a hash of its title
and text: `claims.stories.features_of`); the grouping itself runs on the whole collection. And
what an article file's text says of itself (title, date, outlet, address: `inputs.text.read_metadata`,
table `metadata`), written in batches of 500 and when the cache is closed.

Two things are also kept whole, per run (table `tables`, with the keys of their documents and
each one's number of rows): the fact table (`fact_table`: Parquet) and what grouping into stories
read of every document (`story_table`: its words, names and lead tolls as matrices), so that a
re-run of a large collection reads its unchanged documents' rows and words in one read, not
document by document. A run keeps its table when it read none or when more than `TABLE_REFRESH`
of its rows came from elsewhere (the entries above, or new extraction); the last `TABLES_KEPT`
tables of each kind are kept.

Never a wrong result: a file that is not a facts cache, one of another cache format, a corrupt or
truncated file is removed and rebuilt with a `CacheWarning`; an entry whose digest or payload
does not check is dropped and extracted again. Writes are SQLite transactions in WAL mode (two
runs may write at once; a run killed halfway loses only its unfinished transaction). A cache that
cannot be opened at all (a read-only folder, a lock held too long) is left alone and the run
extracts everything, with one warning.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
import warnings
import zlib
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path

from ..errors import CacheWarning
from ..parse.nlp import SPACY_MODEL, fast_wanted
from ..parse.options import ExtractOptions
from ..parse.table import from_parquet_bytes, to_parquet_bytes
from ..types import Document, DocumentStatus

__all__ = ["CACHE_DIR", "Cache", "CacheInfo", "CacheWarning", "default_folder", "document_key", "fingerprint"]

CACHE_DIR = ".facts-cache"
"""The cache's folder, beside the inputs' common folder unless `--cache DIR` says otherwise."""
CACHE_FILE = "extract.sqlite"
FORMAT = 4
"""The layout of the SQLite file and of its entries; a file of another format is rebuilt."""
APPLICATION_ID = 0x66616374
"""SQLite's application id of a facts cache ("fact"): any other SQLite file is foreign."""
READERS = ("spacy", "thinc", "numpy", "blis", "quantulum3", "inflect")
"""Libraries whose version can change what is read from a text."""
NOT_IN_ROWS = ("path", "row_line")
"""Document fields that no fact row carries: left out of the key."""
COLLECTION_FIELDS = ("story",)
"""Document fields set from the whole collection (`stories.assign`): left out of the key, and
set on the rows from the document when they are read from the cache."""
BUSY_SECONDS = 60.0
"""How long a run waits for another run's write to finish before it gives up the cache."""
_ZLIB_LEVEL = 1  # fast: rows are written once per new document, read on every run
JSON_TABLES = ("claims", "features", "metadata")
"""Tables of JSON entries beside the rows: a story's claims and pairs, a document's story features,
what an article's text says of itself (title, date, outlet, address)."""
METADATA_FIELDS = ("title", "published", "dated_by", "source", "url")
_PENDING = 500  # metadata entries kept in memory before they are written in one transaction
TABLES_KEPT = 4
"""Whole tables kept per fingerprint and kind (`fact_table`, `story_table`): the last runs'
tables, one per collection checked (a cache shared by runs over several folders keeps each
folder's). The `stored` time of a table is in nanoseconds: the newest first, even within a second."""
TABLE_REFRESH = 0.1
"""A run keeps its whole table (fact table, story matrices) again when more than this share of its
rows did not come from the table it read (a collection that grew or changed that much since)."""


PACKAGE = Path(__file__).resolve().parent.parent
"""The facts package whose code and data the fingerprint hashes."""


def source_hash(package: Path) -> str:
    """SHA-256 of a package's source and data files: every `*.py` below it and every file of its
    `data/` folder, by relative path and bytes."""
    files = sorted(package.rglob("*.py")) + sorted(p for p in (package / "data").glob("*") if p.is_file())
    digest = hashlib.sha256()
    for path in files:
        name = path.relative_to(package).as_posix().encode()
        data = path.read_bytes()
        digest.update(f"{len(name)}:{len(data)}:".encode() + name + data)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _package_hash() -> str:
    """`source_hash` of facts itself, read once per process."""
    return source_hash(PACKAGE)


@lru_cache(maxsize=1)
def _libraries() -> tuple:
    """(Python's version, facts' and each reader's version, the model's version and the SHA-256
    of its wheel's RECORD, which lists the hash of every file of the model)."""
    from importlib import metadata

    versions = []
    for name in ("facts", *READERS):
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, "missing"))
    try:
        model = metadata.distribution(SPACY_MODEL)
        record = model.read_text("RECORD") or ""
        versions.append((SPACY_MODEL, model.version, hashlib.sha256(record.encode()).hexdigest()))
    except metadata.PackageNotFoundError:
        versions.append((SPACY_MODEL, "missing"))
    return (sys.version, *versions)


def fingerprint(options: ExtractOptions = ExtractOptions()) -> str:
    """What every key of an extraction with `options` shares: a change to any part of it (code,
    word lists, libraries, model, options) makes every key new."""
    settings = {**asdict(options), "fast": fast_wanted(options.fast)}
    parts = {"format": FORMAT, "package": _package_hash(), "libraries": _libraries(), "options": settings}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def document_key(doc: Document, fingerprint: str) -> str:
    """The key of `doc`'s fact rows under an extraction's `fingerprint`."""
    digest = hashlib.sha256(fingerprint.encode())
    kept = {f.name: getattr(doc, f.name) for f in fields(doc)
            if f.name not in NOT_IN_ROWS and f.name not in COLLECTION_FIELDS and f.name != "text"}
    digest.update(json.dumps(kept, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\0")
    digest.update(doc.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def with_collection_fields(rows: list[dict], doc: Document) -> list[dict]:
    """`rows` with the fields set from the collection (`COLLECTION_FIELDS`) taken from `doc`."""
    for row in rows:
        for name in COLLECTION_FIELDS:
            if name in row:
                row[name] = getattr(doc, name)
    return rows


_PLAIN = (str, int, float, type(None))  # bool is an int


def encode(rows: list[dict]) -> bytes | None:
    """The stored form of a document's rows, or None when a value is not one JSON gives back
    exactly (a list, a tuple, a numpy number): such rows are not cached."""
    for row in rows:
        if not all(isinstance(v, _PLAIN) for v in row.values()):
            return None
    text = json.dumps(rows, ensure_ascii=False, allow_nan=True, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), _ZLIB_LEVEL)


def decode(payload: bytes) -> list[dict]:
    """The rows of a stored payload; ValueError (or zlib.error) when it is not one."""
    rows = json.loads(zlib.decompress(payload).decode("utf-8", "surrogatepass"))
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError("not a list of rows")
    return rows


@dataclass(frozen=True)
class HeldTable:
    """A kept table (`Cache.fact_table`: a DataFrame; `Cache.story_table`: story matrices), and per
    document key where its rows are (first row, number of rows)."""

    frame: object
    spans: dict


def row_positions(starts, lengths):
    """The positions start, start + 1, ..., start + length - 1 of each (start, length) of two numpy
    arrays, in order: where the rows of each document sit in a kept table (`HeldTable.spans`)."""
    import numpy as np

    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)


def _documents(blob: bytes) -> list[tuple[str, int]]:
    """The (document key, rows) list of a kept fact table; ValueError when it is not one."""
    listed = json.loads(zlib.decompress(blob).decode("utf-8"))
    if not isinstance(listed, list) or not all(isinstance(e, list) and len(e) == 2 and isinstance(e[0], str)
                                               and type(e[1]) is int and e[1] >= 0 for e in listed):
        raise ValueError("not a list of documents")
    return [(k, n) for k, n in listed]


def _plain(value):
    """A numpy number or flag as the Python value JSON writes (a story's claims hold some)."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not kept in the cache")


def _digest(key: str, payload: bytes) -> bytes:
    return hashlib.blake2b(key.encode() + b"\0" + payload, digest_size=16).digest()


def default_folder(paths: Sequence[str], cwd: str | None = None) -> Path:
    """`.facts-cache/` beside the inputs: in the folder that holds their common path (for `facts
    check news/`, `./.facts-cache`; for `facts check feeds/a.jsonl`, `feeds/.facts-cache`). When
    that would be above the current folder (`facts check .`), inside the common folder instead: a
    run never writes above the folder it was given. Standard input alone: the current folder.
    Relative to the current folder when inside it."""
    here = os.path.abspath(cwd or os.getcwd())
    given = [os.path.abspath(os.path.join(here, p)) for p in paths if p != "-"]
    folder = here
    if given:
        common = os.path.commonpath(given)
        above = common == here or here.startswith(common.rstrip(os.sep) + os.sep)
        folder = common if above else os.path.dirname(common)
    inside = folder == here or folder.startswith(here.rstrip(os.sep) + os.sep)
    return Path(os.path.relpath(folder, here) if inside else folder) / CACHE_DIR


_GITIGNORE = "# Written by facts (its extraction cache): never committed.\n*\n"
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by facts (its extraction cache).\n")


@dataclass(frozen=True)
class CacheInfo:
    """What `facts cache info` shows."""

    path: str
    exists: bool
    size: int = 0            # bytes on disk (the database and its WAL)
    entries: int = 0         # documents stored
    rows: int = 0            # fact rows stored
    current: int = 0         # entries of this extraction's fingerprint
    problem: str = ""        # why the file cannot be used, when it cannot
    stories: int = 0         # stories whose claims are stored
    tables: int = 0          # whole fact tables of runs kept


class Cache:
    """One cache file in `folder`, for extractions with `options`. Opened on first use; use it
    as a context manager (or call `close`). Counts `hits`, `misses` and `stored` documents."""

    def __init__(self, folder: str | os.PathLike, options: ExtractOptions = ExtractOptions()) -> None:
        self.folder = Path(folder)
        self.path = self.folder / CACHE_FILE
        self.options = options
        self.hits = self.misses = self.stored = self.dropped = 0
        self._fingerprint: str | None = None
        self._db: sqlite3.Connection | None = None
        self._off = False  # the cache could not be opened: this run extracts everything
        self._metadata: dict[str, dict] = {}  # read while the documents are loaded, written in batches

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self.options)
        return self._fingerprint

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._metadata:
            self.flush_metadata()
        if self._db is not None:
            self._db.close()
            self._db = None

    def key(self, doc: Document) -> str:
        return document_key(doc, self.fingerprint)

    # -- reading and writing ------------------------------------------------------------------

    def lookup(self, documents: Sequence[Document]) -> list[tuple[str, list[dict] | None]]:
        """(key, rows or None) per document: the rows of a document stored before (with its
        collection's fields set from it), None for one to extract. A document that is not ok
        has no rows and is never looked up (key "")."""
        keys = [self.key(doc) if doc.status == DocumentStatus.OK else "" for doc in documents]
        found = self._fetch("entries", "rows", sorted({k for k in keys if k}))
        out: list[tuple[str, list[dict] | None]] = []
        bad = []
        for doc, key in zip(documents, keys):
            if not key:
                out.append((key, []))
                continue
            rows = None
            if key in found:
                payload, digest = found[key]
                try:
                    if bytes(digest) != _digest(key, bytes(payload)):
                        raise ValueError("digest does not match")
                    rows = with_collection_fields(decode(bytes(payload)), doc)
                except (ValueError, zlib.error, UnicodeDecodeError, TypeError):
                    bad.append(key)
            if rows is None:
                self.misses += 1
            else:
                self.hits += 1
            out.append((key, rows))
        if bad:
            self._drop(bad)
        return out

    def store(self, entries: Iterable[tuple[str, list[dict]]]) -> None:
        """Keep each (key, rows) of documents just extracted, in one transaction."""
        db = self._connection()
        if db is None:
            return
        now = int(time.time())
        values = []
        for key, rows in entries:
            payload = encode(rows) if key else None
            if payload is not None:
                values.append((key, self.fingerprint, len(rows), payload, _digest(key, payload), now))
        if not values:
            return
        try:
            with _transaction(db):
                db.executemany("INSERT OR REPLACE INTO entries (key, fingerprint, n_rows, rows, digest, stored) "
                               "VALUES (?, ?, ?, ?, ?, ?)", values)
            self.stored += len(values)
        except sqlite3.DatabaseError as e:
            self._broken(e)

    def story_claims(self, keys: Sequence[str], valid) -> dict[str, dict]:
        """key -> a story's stored claims and pairs (`claims.group.memo_story_claims`), for the
        keys found whose payload checks (digest, and `valid(entry)`: the entry's shape, which
        its writer knows); an entry that does not check is dropped (grouped again)."""
        return self._read("claims", keys, valid, "grouped again")

    def keep_story_claims(self, entries: dict[str, dict]) -> None:
        """Keep each story's claims and pairs (key -> entry), in one transaction."""
        self._write("claims", entries)

    def story_features(self, keys: Sequence[str]) -> dict[str, list]:
        """key -> a document's [terms, names, tolls] (`claims.stories.features_of`), as
        `story_claims` reads its entries."""
        return self._read("features", keys, lambda e: isinstance(e, list) and len(e) == 3
                          and isinstance(e[0], dict) and isinstance(e[1], list) and isinstance(e[2], list)
                          and len(e[2]) == 3, "read again")

    def keep_story_features(self, entries: dict[str, list]) -> None:
        self._write("features", entries)

    def document_metadata(self, key: str) -> dict | None:
        """What an article's text says of itself (`inputs.text.read_metadata`), kept under `key`,
        or None; an entry that does not check is dropped (read again)."""
        if key in self._metadata:
            return self._metadata[key]
        return self._read("metadata", [key], lambda e: isinstance(e, dict) and sorted(e) == sorted(METADATA_FIELDS)
                          and all(isinstance(v, str) for v in e.values()), "read again").get(key)

    def keep_document_metadata(self, key: str, metadata: dict) -> None:
        """Keep an article's metadata; written with others in one transaction (`flush_metadata`)."""
        self._metadata[key] = metadata
        if len(self._metadata) >= _PENDING:
            self.flush_metadata()

    def flush_metadata(self) -> None:
        pending, self._metadata = self._metadata, {}
        self._write("metadata", pending)

    def fact_table(self, keys: set[str]) -> HeldTable | None:
        """The kept fact table (of this fingerprint) that holds the most rows of documents of
        `keys`, with where each of its documents' rows are; None when none holds any. A table
        that does not check (digest, Parquet, columns) is dropped with a warning."""
        return self._held("facts", keys, from_parquet_bytes)

    def keep_fact_table(self, documents: Sequence[tuple[str, int]], table) -> None:
        """Keep a run's fact table, with its documents' (key, rows) in table order (documents
        that are not ok have key "" and no rows); the oldest tables beyond `TABLES_KEPT` go."""
        payload = to_parquet_bytes(table)
        if payload is not None:
            self._keep("facts", documents, payload)

    def story_table(self, keys: set[str], decode) -> HeldTable | None:
        """As `fact_table`, what grouping into stories read of a collection's documents (one row
        per document, keyed by its title and text: `claims.stories.story_matrices`), decoded by
        `decode(payload)` (ValueError when it is not one)."""
        return self._held("stories", keys, decode)

    def keep_story_table(self, keys: Sequence[str], payload: bytes) -> None:
        self._keep("stories", [(k, 1) for k in keys], payload)

    def _held(self, kind: str, keys: set[str], decode) -> HeldTable | None:
        db = self._connection()
        if db is None or not keys:
            return None
        try:
            listed = db.execute("SELECT key, documents FROM tables WHERE fingerprint = ? AND kind = ? "
                                "ORDER BY stored DESC, key", (self.fingerprint, kind)).fetchall()
        except sqlite3.DatabaseError as e:
            self._broken(e)
            return None
        best, bad = None, []
        for key, documents in listed:
            try:
                counts = _documents(bytes(documents))
            except (ValueError, zlib.error, UnicodeDecodeError, TypeError):
                bad.append(key)
                continue
            held = sum(n for k, n in counts if k in keys)
            if held and (best is None or held > best[0]):
                best = (held, key, counts)
        if best is not None:
            _, key, counts = best
            found = self._fetch("tables", "documents, payload", [key]).get(key)
            try:
                if found is None:
                    raise ValueError("gone")
                documents, payload, digest = (bytes(v) for v in found)
                if digest != _digest(key, documents + payload):
                    raise ValueError("digest does not match")
                table = decode(payload)
                if len(table) != sum(n for _, n in counts):
                    raise ValueError("rows do not match its documents")
            except ValueError:
                bad.append(key)
                best = None
        if bad:
            self._drop(bad, "tables", "its documents are read one by one")
        if best is None:
            return None
        spans: dict[str, tuple[int, int]] = {}
        start = 0
        for key, n in best[2]:
            spans.setdefault(key, (start, n))
            start += n
        return HeldTable(table, spans)

    def _keep(self, kind: str, documents: Sequence[tuple[str, int]], payload: bytes) -> None:
        db = self._connection()
        if db is None:
            return
        listed = json.dumps([[k, n] for k, n in documents if k], separators=(",", ":")).encode()
        key = hashlib.sha256(kind.encode() + b"\0" + listed).hexdigest()
        blob = zlib.compress(listed, _ZLIB_LEVEL)
        try:
            with _transaction(db):
                db.execute("INSERT OR REPLACE INTO tables (key, kind, fingerprint, documents, payload, digest, stored) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)", (key, kind, self.fingerprint, blob, payload,
                                                            _digest(key, blob + payload), time.time_ns()))
                db.execute("DELETE FROM tables WHERE fingerprint = ? AND kind = ? AND key NOT IN (SELECT key FROM "
                           "tables WHERE fingerprint = ? AND kind = ? ORDER BY stored DESC, key LIMIT ?)",
                           (self.fingerprint, kind, self.fingerprint, kind, TABLES_KEPT))
        except sqlite3.DatabaseError as e:
            self._broken(e)

    def _read(self, table: str, keys: Sequence[str], valid, again: str) -> dict:
        """key -> the JSON entry stored under it in `table` (one of `JSON_TABLES`), for the keys
        found whose digest and payload check (`valid`); the others are dropped."""
        out, bad = {}, []
        for key, (payload, digest) in self._fetch(table, "payload", keys).items():
            try:
                if bytes(digest) != _digest(key, bytes(payload)):
                    raise ValueError("digest does not match")
                entry = json.loads(zlib.decompress(bytes(payload)).decode("utf-8", "surrogatepass"))
                if not valid(entry):
                    raise ValueError(f"not an entry of {table}")
                out[key] = entry
            except (ValueError, zlib.error, UnicodeDecodeError, TypeError):
                bad.append(key)
        if bad:
            self._drop(bad, table, again)
        return out

    def _fetch(self, table: str, column: str, keys: Sequence[str]) -> dict[str, tuple]:
        """key -> (stored `column`, digest) of the `keys` found in `table`, 500 keys a query; {}
        when the cache is off or the file turns out unreadable (it is rebuilt: `_broken`).
        `column` may name several ("documents, payload"): their values come in that order."""
        db = self._connection()
        if db is None or not keys:
            return {}
        found: dict[str, tuple] = {}
        try:
            for start in range(0, len(keys), 500):
                part = list(keys[start:start + 500])
                found.update({k: tuple(v) for k, *v in db.execute(
                    f"SELECT key, {column}, digest FROM {table} WHERE key IN ({','.join('?' * len(part))})", part)})
        except sqlite3.DatabaseError as e:
            self._broken(e)
            return {}
        return found

    def _write(self, table: str, entries: dict) -> None:
        """Keep each (key -> JSON entry) in `table`, in one transaction."""
        db = self._connection()
        if db is None or not entries:
            return
        now = int(time.time())
        values = []
        for key, entry in entries.items():
            text = json.dumps(entry, ensure_ascii=False, allow_nan=True, separators=(",", ":"), default=_plain)
            payload = zlib.compress(text.encode("utf-8", "surrogatepass"), _ZLIB_LEVEL)
            values.append((key, self.fingerprint, payload, _digest(key, payload), now))
        try:
            with _transaction(db):
                db.executemany(f"INSERT OR REPLACE INTO {table} (key, fingerprint, payload, digest, stored) "
                               "VALUES (?, ?, ?, ?, ?)", values)
        except sqlite3.DatabaseError as e:
            self._broken(e)

    def _drop(self, keys: list[str], table: str = "entries", again: str = "extracted again") -> None:
        self.dropped += len(keys)
        warnings.warn(f"{self.path}: {len(keys)} cache entr{'y' if len(keys) == 1 else 'ies'} did not check "
                      f"(corrupt payload); {again}", CacheWarning, stacklevel=3)
        db = self._connection()
        if db is None:
            return
        try:
            with _transaction(db):
                db.executemany(f"DELETE FROM {table} WHERE key = ?", [(k,) for k in keys])
        except sqlite3.DatabaseError as e:
            self._broken(e)

    # -- the file -----------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is not None or self._off:
            return self._db
        try:
            self._db = self._open()
        except (OSError, sqlite3.OperationalError) as e:
            self._give_up(e)
        return self._db

    def _open(self) -> sqlite3.Connection:
        """The connection to a valid cache file: created when missing; rebuilt (with a warning)
        when foreign, of another format, corrupt or truncated. A new file is built aside and
        linked into place whole (`_create`), so that a run never reads a file another run is
        still making."""
        self.folder.mkdir(parents=True, exist_ok=True)
        _mark(self.folder)
        if not self.path.exists():
            _create(self.path)
        problem = ""
        try:
            db = _connect(self.path)
            problem = _problem(db)
            if not problem:
                return db
            db.close()
        except sqlite3.OperationalError as e:
            if not _corrupt(e):
                raise
            problem = f"it cannot be read ({e})"
        except sqlite3.DatabaseError as e:
            problem = f"it cannot be read ({e})"
        if problem != "new":  # an empty file (made by hand, or by SQLite) is replaced without a word
            warnings.warn(f"{self.path}: {problem}; rebuilt", CacheWarning, stacklevel=4)
        remove(self.path)
        _create(self.path)
        return _connect(self.path)

    def _broken(self, error: sqlite3.DatabaseError) -> None:
        """An error while reading or writing: a corrupt file is rebuilt (this run extracts what it
        did not find), anything else turns the cache off for the run."""
        if isinstance(error, sqlite3.OperationalError) and not _corrupt(error):
            self._give_up(error)
            return
        warnings.warn(f"{self.path}: it cannot be read ({error}); rebuilt", CacheWarning, stacklevel=4)
        self._metadata = {}  # not written into a file being rebuilt
        self.close()
        try:
            remove(self.path)
            _create(self.path)
            self._db = _connect(self.path)
        except (OSError, sqlite3.DatabaseError) as e:
            self._give_up(e)

    def _give_up(self, error: Exception) -> None:
        self._metadata = {}
        self.close()
        self._off = True
        what = getattr(error, "strerror", None) or str(error)
        warnings.warn(f"{self.path}: the cache cannot be used ({what}); this run extracts every document",
                      CacheWarning, stacklevel=5)

    # -- facts cache info | clear --------------------------------------------------------------

    def info(self) -> CacheInfo:
        """The file's size and entries (without rebuilding it: a file that cannot be read is
        reported as such)."""
        if not self.path.exists():
            return CacheInfo(str(self.path), False)
        size = sum(p.stat().st_size for p in _files(self.path) if p.exists())
        try:
            db = _connect(self.path)
            try:
                problem = _problem(db)
                if problem:
                    return CacheInfo(str(self.path), True, size, problem="empty" if problem == "new" else problem)
                entries, rows = db.execute("SELECT COUNT(*), COALESCE(SUM(n_rows), 0) FROM entries").fetchone()
                current = db.execute("SELECT COUNT(*) FROM entries WHERE fingerprint = ?",
                                     (self.fingerprint,)).fetchone()[0]
                stories = db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
                tables = db.execute("SELECT COUNT(*) FROM tables WHERE kind = 'facts'").fetchone()[0]
            finally:
                db.close()
        except sqlite3.DatabaseError as e:
            return CacheInfo(str(self.path), True, size, problem=f"it cannot be read ({e})")
        return CacheInfo(str(self.path), True, size, entries, rows, current, stories=stories, tables=tables)

    def clear(self, stale_only: bool = False) -> int:
        """Remove every entry (the file itself), or with `stale_only` the entries of other
        fingerprints (another version of facts, other options); the number of entries removed."""
        info = self.info()
        if not info.exists:
            return 0
        if not stale_only or info.problem:
            self.close()
            remove(self.path)
            return info.entries
        db = self._connection()
        if db is None:
            return 0
        with _transaction(db):
            removed = db.execute("DELETE FROM entries WHERE fingerprint != ?", (self.fingerprint,)).rowcount
            for table in (*JSON_TABLES, "tables"):
                db.execute(f"DELETE FROM {table} WHERE fingerprint != ?", (self.fingerprint,))
        db.execute("VACUUM")
        return removed


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to an existing file (it never creates one: `_create` does) that waits up to
    `BUSY_SECONDS` for another writer, with explicit transactions only (`_transaction`). In WAL
    mode, synchronous=NORMAL keeps the file consistent when a run is killed (a power cut may lose
    the last transactions, never the file)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_SECONDS,
                         isolation_level=None)
    db.execute("PRAGMA synchronous = NORMAL")
    return db


@contextmanager
def _transaction(db: sqlite3.Connection):
    """One write transaction: the write lock taken at its start (waiting for another writer up to
    the busy timeout), committed whole or rolled back."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _problem(db: sqlite3.Connection) -> str:
    """"" for a facts cache of this format, "new" for an empty file, else what is wrong (read in
    one transaction: one state of the file, never half of another run's change)."""
    db.execute("BEGIN")
    try:
        application = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.execute("COMMIT")
    if application == 0 and not tables:
        return "new"
    if application != APPLICATION_ID:
        return "not a facts cache (another program's SQLite file)"
    if version != FORMAT:
        return f"a cache of another version of facts (format {version}; this version reads format {FORMAT})"
    if not {"entries", "tables", *JSON_TABLES} <= tables:
        return "a facts cache without its tables"
    return ""


def _create(path: Path) -> None:
    """A new, empty cache file of this format at `path`, made under another name and linked into
    place whole: when two runs race to make it, one file wins and both use it."""
    aside = path.with_name(f"{path.name}.{os.getpid()}.{time.monotonic_ns()}.new")
    db = sqlite3.connect(aside, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        with _transaction(db):
            db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
                       "n_rows INTEGER NOT NULL, rows BLOB NOT NULL, digest BLOB NOT NULL, stored INTEGER NOT NULL)")
            db.execute("CREATE INDEX entries_fingerprint ON entries (fingerprint)")
            for table in JSON_TABLES:
                db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
                           "payload BLOB NOT NULL, digest BLOB NOT NULL, stored INTEGER NOT NULL)")
                db.execute(f"CREATE INDEX {table}_fingerprint ON {table} (fingerprint)")
            db.execute("CREATE TABLE tables (key TEXT PRIMARY KEY, kind TEXT NOT NULL, fingerprint TEXT NOT NULL, "
                       "documents BLOB NOT NULL, payload BLOB NOT NULL, digest BLOB NOT NULL, stored INTEGER NOT NULL)")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {FORMAT}")
    finally:
        db.close()  # the last connection: its WAL is checkpointed into the file and removed
    try:
        os.link(aside, path)
    except FileExistsError:
        return  # another run made it first: both use that one
    except OSError:  # a file system without hard links
        if not path.exists():
            os.replace(aside, path)
    finally:
        remove(aside)


def _corrupt(error: sqlite3.OperationalError) -> bool:
    """An OperationalError that says the file is damaged (a truncated file reads short), not
    that it is busy or cannot be opened."""
    text = str(error).lower()
    return any(word in text for word in ("malformed", "disk i/o", "not a database", "corrupt"))


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def remove(path: Path) -> None:
    """The cache file and its WAL files (a WAL left beside a new file would be replayed into it)."""
    for p in _files(path):
        p.unlink(missing_ok=True)


def _mark(folder: Path) -> None:
    """A `.gitignore` that ignores the folder, and the cache directory tag of backup tools."""
    for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        path = folder / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
