"""The library's entry points: text or paths in, tables out."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from .documents import load_documents
from .extract import ExtractOptions, Extractor, frame
from .types import DOCUMENT_COLUMNS, Document


@lru_cache(maxsize=2)
def extractor(options: ExtractOptions = ExtractOptions()) -> Extractor:
    """A shared extractor per options: loading spaCy takes a second, so do it once per process."""
    return Extractor(options)


def extract_text(text: str, doc_id: str = "text", published: str | None = None,
                 options: ExtractOptions = ExtractOptions()):
    """The fact table of one text.

    >>> extract_text("Turkey has 12 military posts in Idlib.")[["surface", "value", "concept"]]
    """
    doc = Document(doc_id, doc_id, text=text, published=published or "")
    rows = [row for _, doc_rows in extractor(options).rows([doc]) for row in doc_rows]
    return frame(rows)


def extract_documents(documents: Iterable[Document], options: ExtractOptions = ExtractOptions(),
                      progress: Callable[[Document], None] | None = None):
    """(facts, documents) tables of already-loaded documents; `progress` is called per document."""
    import pandas as pd

    rows, records = [], []
    for doc, doc_rows in extractor(options).rows(documents):
        rows.extend(doc_rows)
        records.append(doc.record(len(doc_rows)))
        if progress is not None:
            progress(doc)
    return frame(rows), pd.DataFrame(records, columns=list(DOCUMENT_COLUMNS))


def extract_paths(paths: Iterable[str], options: ExtractOptions = ExtractOptions(),
                  progress: Callable[[Document], None] | None = None, stdin=None):
    """(facts, documents) of files, folders, JSONL/CSV files or "-" (stdin).

    Every input appears in `documents` with status ok / skipped / failed and a reason.
    Raises DocumentError when a path does not exist.
    """
    return extract_documents(load_documents(paths, stdin=stdin), options, progress)
