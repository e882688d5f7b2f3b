"""Extraction on every core of one machine: worker processes that load the parser once each,
fed chunks of documents through a bounded window, results yielded in input order.

Memory stays bounded: at most `2 x jobs` chunks are in flight, so a large input is never held
whole (texts or parses) in any process.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator

from ..parse.extract import ExtractOptions
from ..types import Document

ChunkResult = list[tuple[dict, list[dict]]]
"""Per document of a chunk: its documents-table record and its fact rows."""

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

    _worker_extractor = Extractor(options)


def _extract_chunk(chunk: list[Document]) -> ChunkResult:
    return [(doc.record(len(rows)), rows) for doc, rows in _worker_extractor.rows(chunk)]


def extract_chunks(documents: Iterable[Document], options: ExtractOptions = ExtractOptions(),
                   jobs: int = 1) -> Iterator[ChunkResult]:
    """Fact rows of `documents`, chunk by chunk, in input order; `jobs` worker processes."""
    from ..inputs.documents import chunks

    parts = chunks(documents, options.chunk_documents if jobs <= 1 else min(options.chunk_documents, WORKER_TASK))
    if jobs <= 1:
        from ..parse.extract import shared_extractor

        ex = shared_extractor(options)
        for chunk in parts:
            yield [(doc.record(len(rows)), rows) for doc, rows in ex.rows(chunk)]
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: workers start clean (no inherited threads or half-loaded models) and load spaCy once.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(options,)) as pool:
        pending: deque = deque()
        for chunk in parts:
            pending.append(pool.submit(_extract_chunk, chunk))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
