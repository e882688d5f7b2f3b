"""Write a table to a file chosen by suffix: .csv, .parquet, .jsonl, .xlsx. CSV, JSONL and
Parquet stream chunk by chunk, so a large extraction is never held whole in memory."""
from __future__ import annotations

from pathlib import Path

from .errors import OutputError

TABLE_SUFFIXES = (".csv", ".parquet", ".jsonl", ".xlsx")


def check_output(path: str) -> str:
    """The suffix of a writable output path, or an OutputError naming the valid ones."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise OutputError(f"{path}: unknown output type {suffix or '(none)'!r}; "
                          f"expected one of {', '.join(TABLE_SUFFIXES)}")
    if not target.parent.exists():
        raise OutputError(f"{path}: directory {target.parent} does not exist")
    return suffix


class TableWriter:
    """Appends DataFrame chunks with the same columns to one output file."""

    def __init__(self, path: str, sheet: str = "facts") -> None:
        self.path, self.sheet = path, sheet
        self.suffix = check_output(path)
        self._first = True
        self._parquet = None
        self._held = []  # .xlsx cannot be appended to: held and written on close

    def write(self, df) -> None:
        if self.suffix == ".csv":
            df.to_csv(self.path, index=False, mode="w" if self._first else "a", header=self._first)
        elif self.suffix == ".jsonl":
            # JSON has no Infinity: open interval bounds are written as null.
            text = df.replace([float("inf"), float("-inf")], None).to_json(
                orient="records", lines=True, force_ascii=False)
            with open(self.path, "w" if self._first else "a", encoding="utf-8") as f:
                f.write(text if text.endswith("\n") or not text else text + "\n")
        elif self.suffix == ".parquet":
            if len(df) == 0 and self._parquet is None:
                # An empty chunk has no types to give its text columns; wait for real rows.
                self._held = [df]
                return
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, preserve_index=False)
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema)
            self._parquet.write_table(table.cast(self._parquet.schema))
        else:
            self._held.append(df)
        self._first = False

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        elif self.suffix == ".parquet" and self._held:
            self._held[0].to_parquet(self.path, index=False)
        if self.suffix == ".xlsx" and self._held:
            import pandas as pd

            held = [df for df in self._held if len(df)] or self._held[:1]
            pd.concat(held, ignore_index=True).to_excel(self.path, index=False, sheet_name=self.sheet)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_table(df, path: str, sheet: str = "facts") -> None:
    """Write `df` to `path`; the suffix picks the format."""
    with TableWriter(path, sheet) as writer:
        writer.write(df)
