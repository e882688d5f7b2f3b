#!/usr/bin/env python3
"""What a stricter or looser `conflict_at` costs, out of fold: for each threshold, the dev
sample's changed tolls found (`bench/out_of_fold.py`'s sets) and the conflicts raised on the
training corpus as published, by the label people gave them (`bench/published_oof.py`).

    python bench/thresholds.py --work DIR [--at 0.6,0.7,0.75,0.8,0.85,0.9] [--sets bench/data/corpus-bench]
                               [--corpus ...] [--ecb ...] [--folds 2] [--judged FILE ...] [-- TRAIN OPTIONS]

`conflict_at` lives in `expectations/cross_source.json` (`meta.facts.same_fact`), so a newsroom
can flag more (a lower threshold: more changes found, more false alarms) or fewer. This prints the
trade-off on data the models did not train on: each fold k is scored by a model trained without
it (reused from `--work` when there, else trained). Both measures are out of fold, not on unread
news: the dev sample and the corpus were read while rules were written (README, "Read and unread
sets side by side"). A conflict labelled from another pair of the same two figures counts under
that pair's label. About a minute and a half per threshold on 2 cores.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "train"))

LABELS = ("genuine", "false", "agree", "unclear", "unjudged")
"""The labels of a conflict raised on the corpus, as the judged files give them."""


def changes_found(sets: Path, work: Path, folds: list[int], conflict_at: float) -> dict:
    """{"large"|"small": {found, shown, total, ...}} summed over `folds` of `sets`, fold k scored
    by `work`/model-k.json."""
    from out_of_fold import add_scores, fold_scores

    totals: dict[str, dict] = {}
    for k in folds:
        for change, got in fold_scores(sets, k, work / f"model-{k}.json", (f"--conflict-at={conflict_at}",)):
            add_scores(totals, change, got)
    return totals


def main(argv=None) -> None:
    from out_of_fold import folds_of, sets_option, split_options
    from published_oof import judged_labels, published_conflicts, published_options

    from facts.checks.audit import align_options
    from facts.checks.suites import load_suites

    argv, extra = split_options(argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    published_options(ap)
    sets_option(ap)
    ap.add_argument("--at", default="0.6,0.7,0.75,0.8,0.85,0.9", help="the thresholds, comma-separated")
    a = ap.parse_args(argv)
    try:
        thresholds = [float(t) for t in a.at.split(",")]
    except ValueError:
        ap.error(f"--at {a.at!r}: expected numbers between 0 and 1 separated by commas, e.g. 0.7,0.8,0.9")
    if not all(0 < t < 1 for t in thresholds):
        ap.error(f"--at {a.at!r}: every threshold must lie between 0 and 1")
    folds = folds_of(a.sets, "thresholds")
    if len(folds) != a.folds:
        ap.error(f"--sets {a.sets} holds {len(folds)} folds, --folds is {a.folds}: build the sets with as many")
    labels = judged_labels(a.judged)
    suite_at = align_options(load_suites(None)).conflict_at
    print(f"{'conflict_at':>11} | changed tolls found (shown): large, small | conflicts as published: "
          + ", ".join(LABELS), flush=True)
    for t in thresholds:
        multi, _, counts = published_conflicts(a, extra, labels, t)  # trains missing fold models first
        found = changes_found(a.sets, a.work, folds, t)
        by_label = {label: sum(n for got, n in counts.items() if got.rstrip("~") == label) for label in LABELS}
        changes = ", ".join(f"{found[c]['found']}/{found[c]['total']} ({found[c]['shown']})" for c in ("large", "small"))
        mark = "  <- the suite's" if t == suite_at else ""
        print(f"{t:>11} | {changes:>38} | {sum(counts.values()):>2} in {len(multi)} incidents: "
              + ", ".join(f"{by_label[label]} {label}" for label in LABELS) + mark, flush=True)


if __name__ == "__main__":
    main()
