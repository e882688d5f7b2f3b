#!/usr/bin/env python3
"""The dev sample's changed tolls scored by same-fact models that never trained on them, in one
command: for each fold k of `train/corpus_bench.py`'s sets, a model is trained without fold k
(`train/same_fact.py --exclude-fold k`) and `bench/fastcheck.py` scores fold k, large and small
changes; the sums are printed.

    python bench/out_of_fold.py [--corpus bench/data/gva-corpus] [--ecb bench/data/ecb-dev]
                                [--sets bench/data/corpus-bench] [--work DIR] [-- TRAIN OPTIONS]

The incidents of those sets are the dev sample's (the corpus holds them; see README, "Read and
unread sets side by side"): this measures the model out of fold, not on unread news. Options
after `--` go to the training script (`--changes table`, ...). Each fold's model is written to
`--work` (a temporary folder by default).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ("injected_found", "injected_shown", "conflicts_orig", "possible_conflicts_orig")


def fraction(text: str) -> tuple[int, int]:
    found, _, total = text.partition("/")
    return int(found), int(total)


def score(folder: Path, model: Path, options: tuple = ()) -> dict:
    """fastcheck's summary of `folder` with `model` and fastcheck's `options` ("--conflict-at=0.7";
    its exit code says whether gva_score's targets were met, not whether it ran: the summary line
    is read either way)."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "fastcheck.py"), str(folder), f"--model={model}",
                           *options], capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("{"):
        sys.exit(f"out_of_fold: fastcheck gave no summary for {folder}:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def split_options(argv) -> tuple[list, list]:
    """(this script's options, the training's: those after `--`)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        return argv, []
    return argv[:argv.index("--")], argv[argv.index("--") + 1:]


def data_options(ap: argparse.ArgumentParser) -> None:
    """The training data's options, shared by the out-of-fold measures."""
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "data" / "gva-corpus")
    ap.add_argument("--ecb", type=Path, default=ROOT / "bench" / "data" / "ecb-dev")


def fold_model(k: int, folds: int, a, model: Path, extra: list) -> Path:
    """A same-fact model trained without fold k (`train/same_fact.py --exclude-fold k`), written
    to `model`."""
    subprocess.run([sys.executable, str(ROOT / "train" / "same_fact.py"), "--gva", str(a.corpus), "--ecb",
                    str(a.ecb), "--exclude-fold", str(k), "--folds", str(folds), "--out", str(model), *extra],
                   check=True, capture_output=True)
    return model


def sets_option(ap: argparse.ArgumentParser) -> None:
    """`--sets`: the changed-toll sets of `train/corpus_bench.py`."""
    ap.add_argument("--sets", type=Path, default=ROOT / "bench" / "data" / "corpus-bench",
                    help="train/corpus_bench.py's output: fold<k>-large, fold<k>-small (default %(default)s)")


def folds_of(sets: Path, script: str) -> list[int]:
    """The folds `sets` holds (its fold<k>-large folders); exits naming the folder when none."""
    folds = sorted({int(p.name[4:].split("-")[0]) for p in sets.glob("fold*-large")})
    if not folds:
        sys.exit(f"{script}: no fold<k>-large folder in {sets}: build them with train/corpus_bench.py")
    return folds


def fold_scores(sets: Path, k: int, model: Path, options: tuple = ()) -> Iterator[tuple[str, dict]]:
    """("large" | "small", {found, shown, total, conflicts, possible}) of fold k's changed tolls,
    scored with `model` and fastcheck's `options`."""
    for change in ("large", "small"):
        summary = score(sets / f"fold{k}-{change}", model, options)
        found, total = fraction(summary["injected_found"])
        shown, _ = fraction(summary["injected_shown"])
        yield change, {"found": found, "shown": shown, "total": total, "conflicts": summary["conflicts_orig"],
                       "possible": summary["possible_conflicts_orig"]}


def add_scores(totals: dict, change: str, got: dict) -> None:
    """Add one fold's `fold_scores` of `change` to `totals` (change -> the same keys, summed)."""
    row = totals.setdefault(change, dict.fromkeys(got, 0))
    for name, value in got.items():
        row[name] += value


def main(argv=None) -> None:
    argv, extra = split_options(argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_options(ap)
    sets_option(ap)
    ap.add_argument("--work", type=Path, default=None, help="where the fold models are written")
    a = ap.parse_args(argv)
    folds = folds_of(a.sets, "out_of_fold")
    work = a.work or Path(tempfile.mkdtemp(prefix="facts-oof-"))
    work.mkdir(parents=True, exist_ok=True)
    totals: dict[str, dict] = {}
    for k in folds:
        model = fold_model(k, len(folds), a, work / f"model-{k}.json", extra)
        for change, got in fold_scores(a.sets, k, model):
            print(f"fold {k} {change:5}: found {got['found']}/{got['total']}, shown {got['shown']}/{got['total']}, "
                  f"conflicts {got['conflicts']}, possible {got['possible']}", flush=True)
            add_scores(totals, change, got)
    for change, t in totals.items():
        print(f"all    {change:5}: found {t['found']}/{t['total']}, shown {t['shown']}/{t['total']}, "
              f"conflicts as published {t['conflicts']}, possible {t['possible']}")


if __name__ == "__main__":
    main()
