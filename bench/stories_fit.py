#!/usr/bin/env python3
"""Fit the story weights (`facts/claims/stories.py`) on both corpora by held-out validation: a
grid of weights is scored by B-cubed F1 on the GVA dev mixed set and on the ECB+ dev topics, the
best on one half of the ECB+ topics (with GVA) is measured on the other half, and the reverse.

    python bench/stories_fit.py bench/data/gva-dev-mixed bench/data/ecb-dev [--grid weights|join]

Prints the best weights of each fold with their held-out F1, then the grid's best on all and the
current weights' figures. `--grid weights` (default) searches the similarity weights; `--grid
join` searches how small stories join large ones (`SMALL_STORY`, `LARGE_STORY`, `JOIN_AVERAGE`),
the other weights as they are.
"""
from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ecb import bcubed  # noqa: E402

GRID = {
    "THRESHOLD": (0.12, 0.14, 0.16, 0.18),
    "SMALL_THRESHOLD": (0.085, 0.1),
    "UNKNOWN_DAYS": (0, 30, 180, 730),
    "NAME_WEIGHT": (0.02, 0.04),
}
JOIN_GRID = {
    "SMALL_STORY": (1, 2, 3),
    "LARGE_STORY": (4, 5, 6, 7, 8),
    "JOIN_AVERAGE": (0.09, 0.1, 0.11, 0.12, 0.14, 2.0),  # 2.0: no story ever joins
}


def load(folder: Path):
    from facts.claims.stories import StoryDocument
    from facts.inputs.documents import load_documents

    return [StoryDocument(d.doc_id, d.title, d.text, d.published) for d in load_documents([str(folder)])]


def score(docs, gold: dict, weights: dict) -> float:
    from facts.claims import stories

    saved = {k: getattr(stories, k) for k in weights}
    try:
        for k, v in weights.items():
            setattr(stories, k, v)
        found = stories.find_stories(docs)
    finally:
        for k, v in saved.items():
            setattr(stories, k, v)
    return bcubed({Path(d.doc_id).name: s for d, s in zip(docs, found)},
                  {Path(d.doc_id).name: gold[Path(d.doc_id).name] for d in docs})[2]


def main():
    import argparse

    from facts.claims import stories

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gva_mixed", type=Path)
    ap.add_argument("ecb_dev", type=Path)
    ap.add_argument("--grid", choices=["weights", "join"], default="weights")
    args = ap.parse_args()
    grid = GRID if args.grid == "weights" else JOIN_GRID
    gva_dir, ecb_dir = args.gva_mixed, args.ecb_dev
    gva_gold = json.loads((gva_dir / "expected.json").read_text())["article_incident"]
    gva = load(gva_dir / "mixed")
    gva_gold = {Path(k).name: v for k, v in gva_gold.items()}
    ecb_gold = json.loads((ecb_dir / "expected.json").read_text())["events"]
    ecb = load(ecb_dir / "mixed")
    halves = {0: [d for d in ecb if int(Path(d.doc_id).name.split("_")[0]) % 2 == 0],
              1: [d for d in ecb if int(Path(d.doc_id).name.split("_")[0]) % 2 == 1]}
    rows = []
    for values in itertools.product(*grid.values()):
        weights = dict(zip(grid, values))
        rows.append((weights, score(gva, gva_gold, weights), score(halves[0], ecb_gold, weights),
                     score(halves[1], ecb_gold, weights), score(ecb, ecb_gold, weights)))
    for fit, held in ((0, 1), (1, 0)):
        best = max(rows, key=lambda r: (r[1] + r[2 + fit]) / 2)
        print(f"fit on GVA + ECB topics {'even' if fit == 0 else 'odd'}: {best[0]} -> GVA {best[1]:.3f}, "
              f"fitted ECB half {best[2 + fit]:.3f}, held-out ECB half {best[2 + held]:.3f}")
    best = max(rows, key=lambda r: (r[1] + r[4]) / 2)
    print(f"best on all: {best[0]} -> GVA {best[1]:.3f}, ECB {best[4]:.3f}")
    now = {k: getattr(stories, k) for k in grid}
    current = (now, score(gva, gva_gold, now), score(halves[0], ecb_gold, now), score(halves[1], ecb_gold, now),
               score(ecb, ecb_gold, now))
    print(f"current weights {now}: GVA {current[1]:.3f}, ECB {current[4]:.3f} (halves: even {current[2]:.3f}, "
          f"odd {current[3]:.3f})")


if __name__ == "__main__":
    main()
