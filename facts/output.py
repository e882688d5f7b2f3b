"""Write a table to a file chosen by suffix: .csv, .parquet, .jsonl, .xlsx."""
from __future__ import annotations

from pathlib import Path

from .errors import OutputError

TABLE_SUFFIXES = (".csv", ".parquet", ".jsonl", ".xlsx")


def write_table(df, path: str, sheet: str = "facts") -> None:
    """Write `df` to `path`; the suffix picks the format."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise OutputError(f"{path}: unknown output type {suffix or '(none)'!r}; "
                          f"expected one of {', '.join(TABLE_SUFFIXES)}")
    if not target.parent.exists():
        raise OutputError(f"{path}: directory {target.parent} does not exist")
    if suffix == ".csv":
        df.to_csv(target, index=False)
    elif suffix == ".parquet":
        df.to_parquet(target, index=False)
    elif suffix == ".jsonl":
        # JSON has no Infinity: open interval bounds are written as null.
        df.replace([float("inf"), float("-inf")], None).to_json(
            target, orient="records", lines=True, force_ascii=False)
    else:
        df.to_excel(target, index=False, sheet_name=sheet)
