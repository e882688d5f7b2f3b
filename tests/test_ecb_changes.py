"""bench/ecb_changes.py: the changed-figure sets made from ECB+ annotators' linked mentions."""
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def builder():
    sys.path.insert(0, str(ROOT / "train"))
    spec = importlib.util.spec_from_file_location("ecb_changes", ROOT / "bench" / "ecb_changes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("mention, value", [
    ("$200 million", 200e6), ("two million euros", 2e6), ("2,117 career points", 2117), ("5.6", 5.6),
    ("Both women", 2), ("five seed", 5), ("Brooklyn mother of 12", 12), ("16-year-old", 16), ("€2m", 2e6),
])
def test_a_mention_s_figure_is_read(builder, mention, value):
    start, end, written, decimals, scale = builder.figure(mention)
    assert written * scale == pytest.approx(value)
    assert mention[start:end].replace(",", "").lower() in (f"{written:.{decimals}f}", "both", "two", "five")


@pytest.mark.parametrize("mention", ["Dozens", "tens of thousands", "the crowd"])
def test_a_vague_mention_has_no_figure(builder, mention):
    assert builder.figure(mention) is None


def _event(tmp_path, texts: dict, quantities: list) -> Path:
    data = tmp_path / "ecb"
    for name, text in texts.items():
        (data / "sorted" / "1_ecb").mkdir(parents=True, exist_ok=True)
        (data / "sorted" / "1_ecb" / name).write_text(text)
    (data / "expected.json").write_text(json.dumps({"events": {n: "1_ecb" for n in texts}, "quantities": quantities}))
    return data


def _q(doc, mention, sentence, instance="I1"):
    return {"descriptor": "d", "doc": doc, "event": "1_ecb", "instance": instance, "mention": mention,
            "sentence": sentence}


def test_one_text_s_mentions_are_changed_and_the_other_keeps_the_value(tmp_path, builder):
    texts = {"1_1ecb.txt": "A quake injured six people. Six people were hurt.\n",
             "1_2ecb.txt": "The quake injured 6 people on Sunday.\n",
             "1_3ecb.txt": "No figure here.\n"}
    qs = [_q("1_1ecb.txt", "six people", "A quake injured six people."),
          _q("1_1ecb.txt", "Six people", "Six people were hurt."),
          _q("1_2ecb.txt", "6 people", "The quake injured 6 people on Sunday.")]
    data = _event(tmp_path, texts, qs)
    builder.build(data, tmp_path / "out", "large", None, 2)
    expected = json.loads((tmp_path / "out" / "expected.json").read_text())
    (inc,) = expected["incidents"]
    change = inc["perturbation"]
    assert inc["killed"] == 6 and change["gold"] == 6 and change["new"] == 20
    target = change["article"]
    other = "1_2ecb.txt" if target == "1_1ecb.txt" else "1_1ecb.txt"
    changed = (tmp_path / "out" / "perturbed" / inc["id"] / target).read_text()
    kept = (tmp_path / "out" / "perturbed" / inc["id"] / other).read_text()
    assert kept == texts[other] and "20" in changed and "six" not in changed.lower() and " 6 " not in changed
    for c in change["changes"]:
        assert changed[c["new_start"]:c["new_end"]] == "20"
    # every text of the event is written, as published and changed
    assert sorted(p.name for p in (tmp_path / "out" / "incidents" / inc["id"]).iterdir()) == sorted(texts)
    spans = {a["file"]: a for a in inc["articles"]}
    assert spans[target]["perturbed_spans"]["killed"] == [] and spans[other]["perturbed_spans"]["killed"]


def test_names_scores_and_lone_texts_are_left_out_with_a_reason(tmp_path, builder, capsys):
    texts = {"1_1ecb.txt": "The 76ers won 31-24.\n", "1_2ecb.txt": "The 76ers won it 31-24 at home.\n"}
    qs = [_q("1_1ecb.txt", "76ers", "The 76ers won 31-24.", "T"), _q("1_2ecb.txt", "76ers", "The 76ers won it 31-24 at home.", "T"),
          _q("1_1ecb.txt", "31-24", "The 76ers won 31-24.", "S"), _q("1_2ecb.txt", "31-24", "The 76ers won it 31-24 at home.", "S")]
    builder.build(_event(tmp_path, texts, qs), tmp_path / "out", "small", None, 2)
    printed = capsys.readouterr().out
    assert "a name or a code" in printed and "two numbers" in printed
    assert json.loads((tmp_path / "out" / "expected.json").read_text())["incidents"] == []


def test_the_small_change_is_one_in_the_last_place(builder):
    assert builder.changed(6, 0, "small", 1) == 7 and builder.changed(6, 0, "small", 3) == 5
    assert builder.changed(5.6, 1, "small", 1) == 5.7 and builder.changed(5.6, 1, "large", 1) == 6.6
