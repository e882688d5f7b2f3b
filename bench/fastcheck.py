#!/usr/bin/env python3
"""Score a GVA benchmark set like ../shared/tools/gva_score.py, in one process and without
extracting every folder again: the fact tables of a set are extracted once (cached under
bench/data/cache/, keyed by a hash of the extraction code and data) and each folder is then
grouped, compared and validated in-process, as `facts check FOLDER` does. For quick iteration on
the comparison (claims, the same-fact model, verdicts); the figures to report come from
gva_score.py itself, which runs the CLI.

    python bench/fastcheck.py bench/data/gva-dev [--judged=FILE] [-v] [--conflict-at=P] [--possible-at=P]

`--model=FILE` uses another same-fact model (one trained without these incidents).

Differences from the CLI run: each incident folder is one story (the CLI finds stories within a
folder: for a folder of one incident, nearly always one).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCORE = ROOT.parent / "shared" / "tools" / "gva_score.py"


def code_hash() -> str:
    h = hashlib.sha1()
    for sub in ("facts/figures", "facts/parse", "facts/inputs", "facts/data"):
        for path in sorted((ROOT / sub).rglob("*")):
            if path.suffix in (".py", ".json", ".txt") and path.name != "same_fact.json":
                h.update(path.read_bytes())
    return h.hexdigest()[:12]


def table(folder: Path):
    """(facts, documents) of every sub-folder of `folder` (each one story), cached."""
    import pandas as pd

    from facts.api import extract_paths

    cache = ROOT / "bench" / "data" / "cache" / f"{folder.parent.name}-{folder.name}-{code_hash()}"
    if not (cache / "facts.parquet").exists():
        facts_df, docs_df = extract_paths([str(folder)], stories="folder", jobs=2)
        cache.mkdir(parents=True, exist_ok=True)
        facts_df.to_parquet(cache / "facts.parquet")
        docs_df.to_parquet(cache / "documents.parquet")
    return pd.read_parquet(cache / "facts.parquet"), pd.read_parquet(cache / "documents.parquet")


def checker(options_overrides: dict):
    from facts.checks.audit import validate
    from facts.checks.contract import audit_to_dict

    tables = {}

    def check(folder):
        folder = Path(folder)
        parent = folder.parent
        if parent not in tables:
            facts_df, docs_df = table(parent)
            tables[parent] = (facts_df, docs_df, facts_df.groupby("story").groups, docs_df.groupby("story").groups)
        facts_df, docs_df, fgroups, dgroups = tables[parent]
        story = folder.name
        f = facts_df.loc[fgroups[story]].reset_index(drop=True) if story in fgroups else facts_df.iloc[:0]
        d = docs_df.loc[dgroups[story]].reset_index(drop=True)
        result = validate(f, d, None, overrides=options_overrides)
        return json.loads(json.dumps(audit_to_dict(result), default=str)), ""

    return check


def main():
    overrides = {}
    argv = []
    for a in sys.argv[1:]:
        if a.startswith("--model="):
            from facts.claims.samefact import from_file

            overrides["model"] = from_file(a.split("=", 1)[1])
        elif a.startswith(("--conflict-at=", "--possible-at=", "--agree-margin=")):
            name, _, value = a[2:].partition("=")
            overrides[name.replace("-", "_")] = float(value)
        else:
            argv.append(a)
    source = SCORE.read_text()
    source = source.replace("def check(folder):", "def _cli_check(folder):", 1)
    source = source.replace("ThreadPoolExecutor(2)", "ThreadPoolExecutor(1)", 1)
    sys.argv = [str(SCORE), *argv]
    namespace = {"__name__": "__main__", "check": checker(overrides)}
    exec(compile(source, str(SCORE), "exec"), namespace)


if __name__ == "__main__":
    main()
