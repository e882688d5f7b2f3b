"""Wall time of the validation step of `facts check` on the seeds and on a synthetic fact
table of N rows (default 1,000,000; goal: validation <= 10 s for 1M rows).

The synthetic table is the seeds' fact table tiled N/33 times, each copy its own cluster
(as if every copy were a separate news event), with values jittered so some claims conflict.
Grouping into claims (pandas, `facts.claims.group`) and validation (GX, `facts.checks.suites`) are timed
separately.

    python bench/validate_scale.py [--rows N]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def synthetic(seed_facts: pd.DataFrame, rows: int) -> pd.DataFrame:
    copies = -(-rows // len(seed_facts))
    df = pd.concat([seed_facts] * copies, ignore_index=True).iloc[:rows].copy()
    copy = np.arange(len(df)) // len(seed_facts)
    df["cluster"] = copy.astype(str)
    df["doc_id"] = df["cluster"] + "/" + df["doc_id"]
    rng = np.random.default_rng(0)
    jitter = np.where(rng.random(len(df)) < 0.01, 1.7, 1.0)  # 1% of figures changed
    for column in ("value", "low", "high", "base_value", "base_low", "base_high"):
        df[column] = df[column] * jitter
    return df.reset_index(drop=True)


def timed(label: str, facts_df: pd.DataFrame) -> None:
    from facts.checks.suites import facts_batch, load_suites, run_suites
    from facts.claims.group import group_claims

    suites = load_suites(ROOT / "expectations")
    t0 = time.perf_counter()
    claims_df, pairs_df = group_claims(facts_df)
    t1 = time.perf_counter()
    results = run_suites(suites, {"facts": facts_batch(facts_df), "pairs": pairs_df})
    t2 = time.perf_counter()
    failed = sum(not r.success for r in results)
    print(f"{label:24} rows={len(facts_df):>9,} claims={len(claims_df):>9,} pairs={len(pairs_df):>9,} "
          f"grouping={t1 - t0:6.2f}s validation={t2 - t1:6.2f}s failed_expectations={failed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    import facts

    seed_facts, _ = facts.extract_paths([str(ROOT / "seeds")])
    timed("seeds", seed_facts)
    timed("synthetic", synthetic(seed_facts, args.rows))


if __name__ == "__main__":
    main()
