"""The training script's changed articles (`train/same_fact.py`): counts changed in the text, as
the corpus builder found them, and the changed mentions found again after the article is read."""
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def training():
    spec = importlib.util.spec_from_file_location("same_fact_training", ROOT / "train" / "same_fact.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


A = "Two dead in Elm Street shooting\nPublished: 2024-03-01\n\nTwo people were killed and one hurt on Elm Street.\n"
B = "Elm Street shooting\nPublished: 2024-03-01\n\nPolice said 2 people died.\n"


def _corpus(tmp_path):
    folder = tmp_path / "incidents" / "7"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(A)
    (folder / "b.txt").write_text(B)
    spans = {"a.txt": {"killed": [[0, 3, "Two"], [55, 58, "Two"]], "injured": [[82, 85, "one"]]},
             "b.txt": {"killed": [[55, 56, "2"]], "injured": []}}
    for name, kinds in spans.items():
        text = (folder / name).read_text()
        assert all(text[s:e] == surface for kind in kinds.values() for s, e, surface in kind)
    expected = {"incidents": [{"id": "7", "killed": 2, "injured": 1, "articles": [
        {"file": name, "gold_spans": kinds} for name, kinds in spans.items()]},
        {"id": "8", "killed": 1, "injured": 0, "articles": [{"file": "c.txt", "gold_spans": {"killed": [[0, 1, "1"]],
                                                                                              "injured": []}}]}]}
    return tmp_path / "incidents", expected


def test_every_span_the_builder_found_is_written_as_the_other_count(tmp_path, training):
    gva, expected = _corpus(tmp_path)
    out = tmp_path / "changed"
    records = training.changed_texts(gva, expected, out)
    # one record per event of the incident with two articles; none for the one-article incident
    assert sorted((r["story"], r["event"]) for r in records) == [("7", "injured"), ("7", "killed")]
    for r in records:
        original = (gva / r["story"] / r["file"]).read_text()
        text = (out / r["story"] / r["event"] / r["file"]).read_text()
        new = str(training.other_count(r["story"], r["event"], r["count"]))
        assert r["new"] == int(new) and r["new"] != r["count"]
        assert [text[s:e] for s, e in r["spans"]] == [new] * len(r["spans"])
        old = next(a for a in expected["incidents"][0]["articles"] if a["file"] == r["file"])["gold_spans"][r["event"]]
        assert len(r["spans"]) == len(old)
        # the rest of the text is untouched: put the old figures back and it is the original
        back, at = [], 0
        for (s, e), (_, _, surface) in zip(r["spans"], sorted(old)):
            back += [text[at:s], surface]
            at = e
        assert "".join(back) + text[at:] == original
    # the same corpus gives the same changes, byte for byte
    again = training.changed_texts(gva, expected, tmp_path / "again")
    assert json.dumps(again) == json.dumps(records)
    assert all((tmp_path / "again" / r["story"] / r["event"] / r["file"]).read_bytes()
               == (out / r["story"] / r["event"] / r["file"]).read_bytes() for r in records)


def test_the_changed_rows_are_those_read_from_the_new_figures(training):
    gva_table = pd.DataFrame({"story": ["7", "7", "7"], "doc_id": ["7/a.txt", "7/a.txt", "7/b.txt"],
                              "start": [0, 40, 60], "end": [3, 43, 61], "value": [2.0, 1.0, 2.0]})
    read = pd.DataFrame({"story": ["7/killed", "7/killed"], "doc_id": ["7/killed/a.txt"] * 2,
                         "start": [0, 41], "end": [1, 44], "value": [3.0, 1.0]})
    records = [{"story": "7", "event": "killed", "file": "a.txt", "count": 2, "new": 3, "spans": [[0, 1]]}]
    table, changed, counts = training.text_changed_table(gva_table, read, records)
    assert counts == {"7/killed": ("killed", 2)}
    assert list(table["story"]) == ["7/killed"] * 3
    # b.txt as it was, a.txt as read again (under its own id); only the figure at the new span changed
    assert sorted(table["doc_id"]) == ["7/a.txt", "7/a.txt", "7/b.txt"]
    assert [table.at[i, "value"] for i in sorted(changed)] == [3.0]
    # an incident the fold leaves out is left out here too
    table, changed, counts = training.text_changed_table(gva_table[gva_table["story"] != "7"], read, records)
    assert table.empty and not changed and counts == {}
