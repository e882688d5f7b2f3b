"""The local engine: extraction in this process or on every core of one machine (worker
processes that load the parser once each, fed chunks of documents through a bounded window,
results yielded in input order), and the extraction entry points (`extract_text`,
`extract_paths`, `iter_extract`) that `api` offers.

Memory stays bounded: at most `2 x jobs` chunks are in flight, so a large input is never held
whole (texts or parses) in any process.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from ..inputs.documents import chunks, load_documents
from ..parse.options import ExtractOptions
from ..parse.table import frame
from ..types import DOCUMENT_COLUMNS, Document
from .cache import Cache

ChunkResult = Iterable[tuple[dict, list[dict]]]
"""Per document of a chunk: its documents-table record and its fact rows (in one process, made
as each document is done; from a worker, a list)."""

_worker_extractor = None  # set once per worker process by _start_worker


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def effective_jobs(requested: int | None, total: int | None, options: ExtractOptions = ExtractOptions()) -> int:
    """Workers worth starting: none beyond one when every document fits in one chunk (a worker
    costs a second to load spaCy), else the requested number or every core."""
    jobs = requested or default_jobs()
    if total is not None:
        jobs = min(jobs, max(1, -(-total // options.chunk_documents)))
    return jobs


WORKER_TASK = 16
"""Documents per task sent to a worker: the progress bar moves by at most this many at a time
(64 made it jump in steps of 64; 16 costs no measurable throughput on 1,204 documents)."""
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _start_worker(options: ExtractOptions) -> None:
    """Load the extractor in a fresh worker. Each worker is one of `jobs` processes sharing the
    cores, so its matrix products run on one thread (two threads per worker on two cores ran
    the whole extraction 35% slower); set in the worker's own environment before numpy loads,
    unless the user set them."""
    global _worker_extractor
    for name in _BLAS_THREADS:
        os.environ.setdefault(name, "1")
    from ..parse.extract import Extractor

    _worker_extractor = Extractor(options)  # numpy loads here, after the limits are set


def _extract_chunk(chunk: list[Document]) -> ChunkResult:
    return [(doc.record(len(rows)), rows) for doc, rows in _worker_extractor.rows(chunk)]


def extract_chunks(documents: Iterable[Document], options: ExtractOptions = ExtractOptions(),
                   jobs: int = 1, cache: Cache | None = None) -> Iterator[ChunkResult]:
    """Fact rows of `documents`, chunk by chunk, in input order; `jobs` worker processes. In one
    process a chunk's documents come as each is done, so that progress moves per document.

    With a `cache`, each chunk's documents are looked up first: the rows of a document seen
    before come from it, only the others are extracted (and stored). The parser is loaded, and
    the workers started, only when a document must be extracted."""
    size = options.chunk_documents if jobs <= 1 else min(options.chunk_documents, WORKER_TASK)
    with _Extraction(options, jobs) as extraction:
        pending: deque = deque()
        for chunk in chunks(documents, size):
            found = cache.lookup(chunk) if cache is not None else [("", None)] * len(chunk)
            todo = [doc for doc, (_, rows) in zip(chunk, found) if rows is None]
            if jobs <= 1:
                yield _merged(chunk, found, extraction.rows(todo) if todo else iter(()), cache)
                continue
            pending.append((chunk, found, extraction.submit(todo) if todo else None))
            if len(pending) >= 2 * jobs:
                yield _finished(*pending.popleft(), cache)
        while pending:
            yield _finished(*pending.popleft(), cache)


class _Extraction:
    """The parser of this process, or a pool of `jobs` workers, started on first use."""

    def __init__(self, options: ExtractOptions, jobs: int) -> None:
        self.options, self.jobs = options, jobs
        self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=exc[0] is not None)

    def rows(self, documents: list[Document]) -> Iterator[tuple[Document, list[dict]]]:
        return extractor(self.options).rows(documents)

    def submit(self, documents: list[Document]):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn: workers start clean (no inherited threads or half-loaded models) and load spaCy once.
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(self.options,))
        return self._pool.submit(_extract_chunk, documents)


def _merged(chunk: list[Document], found: list, extracted: Iterator[tuple[Document, list[dict]]],
            cache: Cache | None) -> Iterator[tuple[dict, list[dict]]]:
    """(record, rows) of each document of `chunk` in order: from `found` (the cache, or none for
    a document that is not ok) or the next of `extracted`; what was extracted is stored."""
    new = []
    for doc, (key, rows) in zip(chunk, found):
        if rows is None:
            _, rows = next(extracted)
            new.append((key, rows))
        yield doc.record(len(rows)), rows
    if cache is not None and new:
        cache.store(new)


def _finished(chunk: list[Document], found: list, future, cache: Cache | None) -> ChunkResult:
    extracted = iter(future.result() if future is not None else ())
    return list(_merged(chunk, found, ((None, rows) for _, rows in extracted), cache))


def extractor(options: ExtractOptions = ExtractOptions()):
    """A shared extractor per options (`parse.extract.Extractor`): loading spaCy takes a second, so
    do it once per process. Its code is imported here, on first use: a run that the cache answers
    never loads it."""
    from ..parse.extract import shared_extractor

    return shared_extractor(options)


def extract_text(text: str, doc_id: str = "text", published: str | None = None,
                 options: ExtractOptions = ExtractOptions()):
    """The fact table of one text.

    >>> extract_text("Turkey has 12 military posts in Idlib.")[["surface", "value", "concept"]]
    """
    doc = Document(doc_id, doc_id, text=text, published=published or "")
    rows = [row for _, doc_rows in extractor(options).rows([doc]) for row in doc_rows]
    return frame(rows)


def iter_extract(documents: Iterable[Document], options: ExtractOptions = ExtractOptions(), jobs: int = 1,
                 progress: Callable[[dict], None] | None = None,
                 cache: Cache | None = None) -> Iterator[tuple[list[dict], list[dict]]]:
    """(document records, fact rows) chunk by chunk, in input order: for output that streams.
    `progress` is called as each document is done (in one process; per chunk with workers).
    With a `cache` (`cache.Cache`), only documents it does not hold are extracted."""
    for chunk in extract_chunks(documents, options, jobs, cache):
        records, rows = [], []
        for record, doc_rows in chunk:
            records.append(record)
            rows.extend(doc_rows)
            if progress is not None:
                progress(record)
        yield records, rows


def extract_documents(documents: Iterable[Document], options: ExtractOptions = ExtractOptions(),
                      progress: Callable[[dict], None] | None = None, jobs: int = 1, cache: Cache | None = None):
    """(facts, documents) tables of already-loaded documents; `progress` is called per document.
    With a `cache`, the rows of documents a kept fact table holds are taken from it in one read
    (`with_held_table`), the others looked up one by one or extracted: the same tables."""
    import pandas as pd

    if cache is not None:
        facts_df, records = with_held_table(list(documents), options, progress, jobs, cache)
        return facts_df, pd.DataFrame(records, columns=list(DOCUMENT_COLUMNS))
    rows, records = [], []
    for chunk_records, chunk_rows in iter_extract(documents, options, jobs, progress, cache):
        records.extend(chunk_records)
        rows.extend(chunk_rows)
    return frame(rows), pd.DataFrame(records, columns=list(DOCUMENT_COLUMNS))


def with_held_table(documents: list[Document], options: ExtractOptions, progress: Callable[[dict], None] | None,
                    jobs: int, cache: Cache) -> tuple:
    """(fact table, document records) of `documents` with the cache: the rows of the documents
    that the best kept fact table holds (`Cache.fact_table`) are taken from it (their story set
    from the document, as `cache.with_collection_fields` does), the others come from
    `extract_chunks`; rows in document order, as `frame` builds them. The run's table is kept
    when no table held its documents, or when more than `TABLE_REFRESH` of its rows came from
    elsewhere."""
    import numpy as np
    import pandas as pd

    from ..types import DocumentStatus
    from .cache import TABLE_REFRESH, row_positions

    keys = [cache.key(doc) if doc.status == DocumentStatus.OK else "" for doc in documents]
    held = cache.fact_table({k for k in keys if k})
    spans = held.spans if held is not None else {}
    inside = [bool(k) and k in spans for k in keys]
    cache.hits += sum(inside)
    records: list = [None] * len(documents)
    counts = np.zeros(len(documents), dtype=np.int64)
    for i, doc in enumerate(documents):
        if inside[i]:
            counts[i] = spans[keys[i]][1]
            records[i] = doc.record(int(counts[i]))
            if progress is not None:
                progress(records[i])
    outside = [i for i, x in enumerate(inside) if not x]
    rows: list[dict] = []
    done = iter(outside)
    for chunk in extract_chunks([documents[i] for i in outside], options, jobs, cache):
        for record, doc_rows in chunk:
            i = next(done)
            records[i], counts[i] = record, len(doc_rows)
            rows.extend(doc_rows)
            if progress is not None:
                progress(record)
    taken = np.flatnonzero(inside)
    from_held = int(counts[taken].sum())
    if not len(taken):
        table = frame(rows)
    else:
        # the held rows of each document in order, then the others; then every row in document order
        lengths = counts[taken]
        starts = np.array([spans[keys[i]][0] for i in taken], dtype=np.int64)
        part = held.frame.take(row_positions(starts, lengths))
        part["story"] = np.repeat(np.array([documents[i].story for i in taken], dtype=object), lengths)
        combined = pd.concat([part, frame(rows)], ignore_index=True) if rows else part.reset_index(drop=True)
        at = np.zeros(len(documents), dtype=np.int64)  # where each document's rows start in `combined`
        at[taken] = np.cumsum(lengths) - lengths
        at[outside] = len(part) + np.cumsum(counts[outside]) - counts[outside]
        table = combined.take(row_positions(at, counts)).reset_index(drop=True)
    if held is None or len(table) - from_held > TABLE_REFRESH * len(table):
        cache.keep_fact_table(list(zip(keys, counts.tolist())), table)
    return table, records


def extract_paths(paths: Iterable[str], options: ExtractOptions = ExtractOptions(),
                  progress: Callable[[dict], None] | None = None, stdin=None, jobs: int = 1,
                  stories: str = "auto", cache: Cache | None = None):
    """(facts, documents) of files, folders, JSONL/CSV files or "-" (stdin).

    Every input appears in `documents` with status ok / skipped / failed and a reason.
    Raises DocumentError when a path does not exist. `jobs` > 1 extracts in that many worker
    processes; the tables are the same as with one. `stories` (auto, folder or none) says how
    documents are grouped into stories (`stories.assign`), the `story` column of both tables.
    With a `cache` (`cache.Cache`), only the documents it does not hold are extracted: the tables
    are the same.
    """
    from ..claims.stories import assign

    documents = assign(list(load_documents(paths, stdin=stdin, memo=cache)), stories, cache)
    return extract_documents(documents, options, progress, jobs, cache)
