"""The library's entry points: text or paths in, tables out."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .inputs.documents import load_documents
from .parse.extract import ExtractOptions, Extractor, shared_extractor
from .parse.table import frame
from .types import DOCUMENT_COLUMNS, Document


def extractor(options: ExtractOptions = ExtractOptions()) -> Extractor:
    """A shared extractor per options: loading spaCy takes a second, so do it once per process."""
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
                 progress: Callable[[dict], None] | None = None) -> Iterator[tuple[list[dict], list[dict]]]:
    """(document records, fact rows) chunk by chunk, in input order: for output that streams.
    `progress` is called as each document is done (in one process; per chunk with workers)."""
    from .engines.local import extract_chunks
    from .inputs.documents import chunks

    if jobs <= 1:
        for chunk in chunks(documents, options.chunk_documents):
            records, rows = [], []
            for doc, doc_rows in extractor(options).rows(chunk):  # streams: progress per document
                records.append(doc.record(len(doc_rows)))
                rows.extend(doc_rows)
                if progress is not None:
                    progress(records[-1])
            yield records, rows
        return
    for chunk in extract_chunks(documents, options, jobs):
        records, rows = [], []
        for record, doc_rows in chunk:
            records.append(record)
            rows.extend(doc_rows)
            if progress is not None:
                progress(record)
        yield records, rows


def extract_documents(documents: Iterable[Document], options: ExtractOptions = ExtractOptions(),
                      progress: Callable[[dict], None] | None = None, jobs: int = 1):
    """(facts, documents) tables of already-loaded documents; `progress` is called per document."""
    import pandas as pd

    rows, records = [], []
    for chunk_records, chunk_rows in iter_extract(documents, options, jobs, progress):
        records.extend(chunk_records)
        rows.extend(chunk_rows)
    return frame(rows), pd.DataFrame(records, columns=list(DOCUMENT_COLUMNS))


def extract_paths(paths: Iterable[str], options: ExtractOptions = ExtractOptions(),
                  progress: Callable[[dict], None] | None = None, stdin=None, jobs: int = 1,
                  stories: str = "auto"):
    """(facts, documents) of files, folders, JSONL/CSV files or "-" (stdin).

    Every input appears in `documents` with status ok / skipped / failed and a reason.
    Raises DocumentError when a path does not exist. `jobs` > 1 extracts in that many worker
    processes; the tables are the same as with one. `stories` (auto, folder or none) says how
    documents are grouped into stories (`stories.assign`), the `story` column of both tables.
    """
    from .claims.stories import assign

    documents = assign(list(load_documents(paths, stdin=stdin)), stories)
    return extract_documents(documents, options, progress, jobs)
