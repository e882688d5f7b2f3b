"""Conflict detection on EQUATE (../shared/eval/equate/, evaluation only, read at run time).

Mapping (the data's README): entailment = consistent; contradiction = conflict; in the
2-class sets (NewsNLI, RTE-Quant) neutral means "not entailed" and is never scored as a
conflict. Prints, per subset:
- false-conflict rate on entailed pairs (goal <= 1%) for NewsNLI, RTE-Quant, RedditNLI;
- precision / recall / F1 of `conflict` against `contradiction` for the 3-class sets
  (StressTest dev and test, RedditNLI) and AWP-NLI;
- for the Stress Test: contradictions whose two sentences are the same but for one number
  (token for token) found as conflicts (goal >= 95%), and false conflicts on its entailment and
  neutral pairs (goal <= 1%).
Rules were written after reading errors from NewsNLI and both Stress Test splits (see the README):
these figures are not held out. Dev and test are reported separately.

    python bench/equate.py [--limit N]
"""
from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

EQUATE = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "equate"
SUBSETS = ("NewsNLI", "RTE_Quant", "RedditNLI", "StressTest_dev", "StressTest_test", "AWPNLI")


def load(name: str, limit: int) -> list[dict]:
    rows = [json.loads(line) for line in (EQUATE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    return rows[:limit] if limit else rows


def number_only(row: dict) -> bool:
    """The two sentences are the same token for token but for one number: "a race of 1400
    meters" vs "a race of 5400 meters"."""
    a, b = row["premise"].split(), row["hypothesis"].split()
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diff) == 1 and all(re.fullmatch(r"[\d.,]+", t) for t in diff[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="first N pairs of each subset")
    parser.add_argument("--show", type=int, default=0, help="print N false conflicts per subset")
    args = parser.parse_args()
    from facts.checks.audit import compare_pairs

    print(f"{'subset':16} {'pairs':>5} {'entailed':>8} {'false-conf':>10} {'rate':>6} "
          f"{'contra':>6} {'P':>6} {'R':>6} {'F1':>6} {'unrelated':>9} {'sec':>5}")
    for name in SUBSETS:
        rows = load(name, args.limit)
        t0 = time.perf_counter()
        verdicts = compare_pairs([(r["premise"], r["hypothesis"]) for r in rows])
        seconds = time.perf_counter() - t0
        predicted = [v.verdict == "conflict" for v in verdicts]
        entailed = [p for p, r in zip(predicted, rows) if r["label"] == "entailment"]
        contradiction = [r["label"] == "contradiction" for r in rows]
        tp = sum(p and c for p, c in zip(predicted, contradiction))
        fp = sum(p and not c for p, c in zip(predicted, contradiction))
        fn = sum(c and not p for p, c in zip(predicted, contradiction))
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        unrelated = sum(v.verdict == "unrelated" for v in verdicts)
        rate = sum(entailed) / len(entailed) if entailed else float("nan")
        has_contra = any(contradiction)
        print(f"{name:16} {len(rows):5d} {len(entailed):8d} {sum(entailed):10d} {rate:6.1%} "
              f"{sum(contradiction):6d} "
              + (f"{precision:6.2f} {recall:6.2f} {f1:6.2f}" if has_contra else f"{'-':>6} {'-':>6} {'-':>6}")
              + f" {unrelated:9d} {seconds:5.0f}")
        if name.startswith("StressTest"):
            only = [p for p, r in zip(predicted, rows) if r["label"] == "contradiction" and number_only(r)]
            calm = [p for p, r in zip(predicted, rows) if r["label"] != "contradiction"]
            print(f"    number-only contradictions found: {sum(only)}/{len(only)} ({sum(only) / len(only):.1%}); "
                  f"false conflicts on entailment+neutral: {sum(calm)}/{len(calm)} ({sum(calm) / len(calm):.1%})")
            if args.show:
                missed = [(r, v) for r, v, p in zip(rows, verdicts, predicted)
                          if r["label"] == "contradiction" and number_only(r) and not p]
                for r, v in missed[:args.show]:
                    print(f"    MISSED {r['id']}: {v.verdict}: {v.reason}\n      A: {r['premise']}\n      B: {r['hypothesis']}")
                false = [(r, v) for r, v, p in zip(rows, verdicts, predicted) if r["label"] != "contradiction" and p]
                for r, v in false[:args.show]:
                    print(f"    FALSE {r['id']} ({r['label']}): {v.reason}\n      A: {r['premise']}\n      B: {r['hypothesis']}")
        if args.show:
            shown = [(r, v) for r, v, p in zip(rows, verdicts, predicted) if p and r["label"] == "entailment"]
            for r, v in shown[:args.show]:
                print(f"    FALSE CONFLICT {r['id']}: {v.reason}\n      A: {r['premise']}\n      B: {r['hypothesis']}")


if __name__ == "__main__":
    main()
