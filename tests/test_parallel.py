"""--jobs: worker processes give exactly the table one process gives."""
import json

import pandas as pd
from click.testing import CliRunner

import facts
from facts.cli import cli
from facts.engines.local import effective_jobs


def _corpus(seeds_dir, tmp_path, copies=30):
    texts = [p.read_text() for p in sorted(seeds_dir.glob("*.txt"))]
    path = tmp_path / "corpus.jsonl"
    with path.open("w") as f:
        for i in range(copies):
            for j, text in enumerate(texts):
                f.write(json.dumps({"id": f"a{i:03d}-{j}", "text": text}) + "\n")
    return path


def test_two_workers_same_table_as_one(seeds_dir, tmp_path):
    corpus = _corpus(seeds_dir, tmp_path)  # 150 documents: three chunks
    one_facts, one_docs = facts.extract_paths([str(corpus)], jobs=1)
    two_facts, two_docs = facts.extract_paths([str(corpus)], jobs=2)
    assert len(one_docs) == 150 and len(one_facts) == 150 // 5 * 33
    pd.testing.assert_frame_equal(one_facts, two_facts)
    pd.testing.assert_frame_equal(one_docs, two_docs)


def test_cli_jobs_streams_the_same_csv(seeds_dir, tmp_path):
    corpus = _corpus(seeds_dir, tmp_path, copies=14)  # 70 documents: two chunks
    for jobs in ("1", "2"):
        result = CliRunner().invoke(cli, ["extract", str(corpus), "-q", "--jobs", jobs,
                                          "-o", str(tmp_path / f"j{jobs}.csv")])
        assert result.exit_code == 0
    assert (tmp_path / "j1.csv").read_bytes() == (tmp_path / "j2.csv").read_bytes()


def test_effective_jobs():
    assert effective_jobs(4, 10) == 1      # everything fits in one chunk
    assert effective_jobs(4, 200) == 4
    assert effective_jobs(2, 100) == 2
    assert effective_jobs(8, None) == 8    # stdin: unknown size


def test_progress_is_called_per_document_as_each_is_done():
    """The bar advances per document: the callback sees every document, in order, and the first
    documents of a chunk are reported before the chunk's last ones are read from the input."""
    from facts.api import iter_extract
    from facts.parse.extract import ExtractOptions
    from facts.types import Document

    pulled, seen = [], []

    def documents():
        for i in range(5):
            pulled.append(i)
            yield Document(f"d{i}", "", text=f"Police said {i + 2} people died.")

    def progress(record):
        seen.append((record["doc_id"], len(pulled)))

    chunks = list(iter_extract(documents(), ExtractOptions(chunk_documents=2), progress=progress))
    assert [doc for doc, _ in seen] == [f"d{i}" for i in range(5)]
    assert [len(records) for records, _ in chunks] == [2, 2, 1]
    assert seen[0][1] < 5  # reported before the whole input was read


def test_export_takes_jobs_and_writes_the_same_workbook(seeds_dir, tmp_path):
    """`export --jobs` extracts in workers like `check`; the workbook's claims and facts are the
    ones one process gives."""
    corpus = _corpus(seeds_dir, tmp_path, copies=14)  # 70 documents: two chunks, two workers
    sheets = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.xlsx"
        result = CliRunner().invoke(cli, ["export", str(corpus), "-q", "--jobs", jobs, "--stories", "none",
                                          "-o", str(out)])
        assert result.exit_code == 0, result.output
        sheets[jobs] = {name: pd.read_excel(out, sheet_name=name) for name in ("Claims", "Facts")}
    assert len(sheets["1"]["Facts"]) == 14 * 33
    for name in ("Claims", "Facts"):
        pd.testing.assert_frame_equal(sheets["1"][name], sheets["2"][name])
