#!/usr/bin/env python3
"""False alarms out of fold: the training corpus's incidents with two articles or more, checked
as published, each by a same-fact model that never trained on it, and the conflicts raised
matched against the labels people gave such conflicts.

    python bench/published_oof.py [--corpus bench/data/gva-corpus] [--work DIR] [--folds 2]
                                  [--judged FILE ...] [--json OUT] [--conflict-at P] [-- TRAIN OPTIONS]

The GVA rest (69 incidents) is the one GVA set neither read nor trained on, and it holds few
conflicts: a change that moves a pair across `conflict_at` moves its count by one or two. This
measure looks at the 492 corpus incidents with two articles or more instead: for each fold k
(the folds of `train/same_fact.py`, by incident), a model trained without fold k
(`--exclude-fold k`; reused from `--work` when there) checks fold k's incidents one folder at a
time, as `bench/fastcheck.py` does. The corpus was read in parts while rules were written, so this
is a measure out of fold, not of unread news.

`--judged`: conflicts people judged: `train/data/judged_pairs.json` (its GVA corpus pairs, which
the training also reads) and lists in `../shared/eval/gva-dev-judged.json`'s form (incident,
surfaces, docs, judgement): `bench/judged_oof.json` holds the judgements of conflicts this measure
raised that no other file had (never read by the training). All three by default.

A conflict raised now is matched by incident and its two (document, surface), else by incident
and the two values alone (its label then ends in "~": another pair of the same two figures was
judged). The summary counts each label; `--json` writes every conflict raised, with its
sentences and its label, for judging the unjudged ones.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "train"))


def _values(surfaces) -> frozenset:
    """The figures' values ("four" and "4" alike), else their words in lower case."""
    from facts.figures.numbers import parse_digits, words_to_number

    return frozenset(parse_digits(str(s)) or words_to_number(str(s).lower()) or str(s).lower() for s in surfaces)


def judged_labels(paths: list[Path]) -> dict:
    """(incident, frozenset of (document, surface)) -> judgement, and (incident, the two values)
    -> judgement of another pair of the same two figures, marked so."""
    out = {}
    for path in paths:
        data = json.loads(path.read_text())
        if isinstance(data, dict):  # train/data/judged_pairs.json: {"pairs": [{set, story, pair, judgement}]}
            data = [{"incident": r["story"], "docs": [m["doc"] for m in r["pair"]],
                     "surfaces": [m["surface"] for m in r["pair"]], "judgement": r["judgement"]}
                    for r in data["pairs"] if r["set"] == "gva corpus"]
        for row in data:
            incident = str(row["incident"])
            out[(incident, frozenset(zip(row["docs"], row["surfaces"])))] = row["judgement"]
            out.setdefault((incident, _values(row["surfaces"])), row["judgement"] + "~")
    return out


def published_conflicts(a, extra: list, labels: dict, conflict_at: float | None = None) -> tuple[list, list, dict]:
    """(the corpus incidents with two articles or more, the conflicts raised on them out of fold
    with their labels, how many conflicts each label has): `a` holds the data options, `work` and
    `folds`; a fold model missing from `work` is trained first."""
    import fastcheck
    from corpus_bench import fold_of
    from out_of_fold import fold_model

    from facts.claims.samefact import from_file

    expected = json.loads((a.corpus / "expected.json").read_text())["incidents"]
    multi = sorted(str(i["id"]) for i in expected if len(i["articles"]) >= 2)
    a.work.mkdir(parents=True, exist_ok=True)
    rows, counts = [], {}
    for k in range(a.folds):
        model = a.work / f"model-{k}.json"
        if not model.exists():
            fold_model(k, a.folds, a, model, extra)
        overrides = {"model": from_file(model)}
        if conflict_at is not None:
            overrides["conflict_at"] = conflict_at
        check = fastcheck.checker(overrides)
        for incident in (i for i in multi if fold_of(f"gva:{i}", a.folds) == k):  # as train/same_fact.py folds
            result, _ = check(a.corpus / "incidents" / incident)
            for claim in result.get("claims", []):
                if claim.get("verdict") != "conflict":
                    continue
                mentions = {(m["doc_id"], m["start"]): m for m in claim.get("mentions", [])}
                pair = [{**mentions.get((m["doc_id"], m["start"]), {}), **m} for m in claim.get("pair") or []]
                docs = [str(m.get("doc_id", "")).split("/")[-1] for m in pair]
                surfaces = [m.get("surface") for m in pair]
                label = labels.get((incident, frozenset(zip(docs, surfaces)))) \
                    or labels.get((incident, _values(surfaces)), "unjudged")
                counts[label] = counts.get(label, 0) + 1
                rows.append({"incident": incident, "fold": k, "claim_key": claim.get("label"), "surfaces": surfaces,
                             "docs": docs, "sentences": [m.get("sentence") for m in pair],
                             "reason": claim.get("reason"), "judgement": label})
    return multi, rows, counts


def published_options(ap: argparse.ArgumentParser) -> None:
    """The options of a measure on the corpus as published: the training data, the fold models'
    folder and number, the judged conflicts."""
    from out_of_fold import data_options

    data_options(ap)
    ap.add_argument("--work", type=Path, required=True, help="where the fold models are (or are written)")
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--judged", type=Path, nargs="*",
                    default=[ROOT / "train" / "data" / "judged_pairs.json", ROOT / "bench" / "judged_oof.json",
                             ROOT.parent / "shared" / "eval" / "gva-dev-judged.json"],
                    help="judged conflicts (default: train/data/judged_pairs.json, bench/judged_oof.json and "
                         "../shared/eval/gva-dev-judged.json)")


def main(argv=None) -> None:
    from out_of_fold import split_options

    argv, extra = split_options(argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    published_options(ap)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--conflict-at", type=float, default=None, help="another threshold than the suite's")
    a = ap.parse_args(argv)

    multi, rows, counts = published_conflicts(a, extra, judged_labels(a.judged), a.conflict_at)
    print(f"{len(multi)} incidents with two articles or more, {len(rows)} conflicts out of fold: "
          + ", ".join(f"{n} {label}" for label, n in sorted(counts.items())))
    for row in rows:
        print(f"  {row['incident']} {row['judgement']:9} {row['surfaces']}")
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
