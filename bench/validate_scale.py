"""Wall time of the validation step of `facts check` on the seeds and on a synthetic fact
table of N rows (default 1,000,000; goal: validation <= 10 s for 1M rows).

The synthetic table is the seeds' fact table tiled N/33 times, each copy its own cluster
(as if every copy were a separate news event), with values jittered so some claims conflict.
Grouping into claims (pandas, `facts.claims.group`) and validation (GX, `facts.checks.suites`) are timed
separately.

With --gx, the validation is timed a second way in the same run: through a GX file context in a
temporary folder (`suites.run_in_context`, what `facts check --gx-context` does: Parquet batches,
a checkpoint, results stored with their meta, Data Docs built), beside the in-memory run, so
that the cost of the context is read as a ratio.

    python bench/validate_scale.py [--rows N] [--gx]
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


def timed(label: str, facts_df: pd.DataFrame, gx: bool = False) -> None:
    from facts.checks.audit import row_meta
    from facts.checks.suites import facts_batch, load_suites, run_in_context, run_suites
    from facts.claims.group import group_claims

    suites = load_suites(ROOT / "expectations")
    t0 = time.perf_counter()
    claims_df, pairs_df = group_claims(facts_df)
    t1 = time.perf_counter()
    tables = {"facts": facts_batch(facts_df), "pairs": pairs_df}
    results = run_suites(suites, tables)
    t2 = time.perf_counter()
    failed = sum(not r.success for r in results)
    print(f"{label:24} rows={len(facts_df):>9,} claims={len(claims_df):>9,} pairs={len(pairs_df):>9,} "
          f"grouping={t1 - t0:6.2f}s validation={t2 - t1:6.2f}s failed_expectations={failed}")
    if gx:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="facts-gx-bench-") as folder:
            t3 = time.perf_counter()
            stored, _ = run_in_context(suites, tables, folder, row_meta(facts_df, claims_df, pairs_df))
            t4 = time.perf_counter()
            size = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
        assert [(r.success, r.unexpected_rows) for r in stored] == [(r.success, r.unexpected_rows) for r in results]
        print(f"{label + ' --gx-context':24} validation={t4 - t3:6.2f}s ({(t4 - t3) / (t2 - t1):.1f}x in memory), "
              f"context {size / 2**20:.1f} MiB, same results")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--gx", action="store_true", help="also validate through a GX file context")
    args = parser.parse_args()
    import facts

    seed_facts, _ = facts.extract_paths([str(ROOT / "seeds")])
    timed("seeds", seed_facts, args.gx)
    timed("synthetic", synthetic(seed_facts, args.rows), args.gx)


if __name__ == "__main__":
    main()
