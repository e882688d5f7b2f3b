"""The settings of an extraction run, in a module of their own: what decides a run's rows (and
its cache keys, `engines.cache`) is known without loading the parser's code."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractOptions:
    """Settings of an extraction run; travel with the extractor, never as globals."""

    entities: bool = True  # fill `entities` and `place` with the names in the sentence
    ner: bool = False  # take them from spaCy's NER (labelled places and organisations; ~1.6x slower)
    batch_size: int = 256
    chunk_documents: int = 64
    blas_threads: int | None = 1  # BLAS threads while parsing (None: the library's own setting)
    fast: bool | None = None  # the guarded fast parser (`nlp.load`); None: on unless FACTS_FAST=0
