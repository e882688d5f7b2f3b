"""Write a table to a file chosen by suffix: .csv, .parquet, .jsonl, .xlsx. CSV, JSONL and
Parquet stream chunk by chunk, so a large extraction is never held whole in memory."""
from __future__ import annotations

import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputError

TABLE_SUFFIXES = (".csv", ".parquet", ".jsonl", ".xlsx")


def check_target(path: str, inputs=()) -> None:
    """Fail before any work when `path` cannot be written: its folder is missing or read-only,
    it is a folder, or it is one of the `inputs` (writing it would overwrite what is being read)."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise OutputError(f"{path}: is a directory; expected a file name")
    if not folder.is_dir():
        raise OutputError(f"{path}: directory {folder} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise OutputError(f"{path}: not writable")
    for raw in inputs:
        if raw != "-" and Path(raw).exists() and target.exists() and Path(raw).resolve() == target.resolve():
            raise OutputError(f"{path}: is also an input; writing it would overwrite what is being read")


def check_output(path: str, inputs=()) -> str:
    """The suffix of a writable table output path, or an OutputError naming the valid ones."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise OutputError(f"{path}: unknown output type {suffix or '(none)'!r}; "
                          f"expected one of {', '.join(TABLE_SUFFIXES)}")
    check_target(path, inputs)
    return suffix


@contextmanager
def replaced(path: str):
    """A temporary path in `path`'s folder, renamed onto `path` when the block ends without an
    error (removed otherwise): a run that is killed or fails leaves the old file or none, never
    half a file, and two runs never interleave rows. The temporary name is hidden (".name...")
    so that folder inputs skip it."""
    target = Path(path)
    tmp = _new_file(target)
    try:
        yield tmp
        if target.exists():  # an existing target keeps its mode
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _new_file(target: Path) -> str:
    """A new, empty hidden file beside `target`, created as an ordinary write would create it:
    mode 0666 less the umask (`tempfile.mkstemp` makes 0600, which the rename would keep, so
    that colleagues could not open the report)."""
    for _ in range(100):
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.partial"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return str(tmp)
        except FileExistsError:
            continue
    raise OutputError(f"{target}: could not create a temporary file beside it")


class TableWriter:
    """Appends DataFrame chunks with the same columns to one output file."""

    def __init__(self, path: str, sheet: str = "facts", empty=None) -> None:
        """`empty`: the table to write when no chunk comes (an input with no rows still
        replaces the previous run's file)."""
        self.target, self.sheet, self.empty = path, sheet, empty
        self.suffix = check_output(path)
        self._replaced = replaced(path)
        self.path = self._replaced.__enter__()
        self._first = True
        self._parquet = None
        self._held = []  # .xlsx cannot be appended to: held and written on close

    def write(self, df) -> None:
        if self.suffix == ".csv":
            from .safe import safe_frame_for_csv

            safe_frame_for_csv(df).to_csv(self.path, index=False, mode="w" if self._first else "a",
                                          header=self._first)
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
        if self._first and self.empty is not None:
            self.write(self.empty)
        self._finish()
        self._replaced.__exit__(None, None, None)

    def abort(self) -> None:
        """Leave the target as it was."""
        if self._parquet is not None:
            self._parquet.close()
        self._replaced.__exit__(RuntimeError, RuntimeError("aborted"), None)

    def _finish(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        elif self.suffix == ".parquet" and self._held:
            self._held[0].to_parquet(self.path, index=False)
        if self.suffix == ".xlsx" and self._held:
            import pandas as pd

            from .safe import safe_frame_for_xml, secure_workbook

            held = [df for df in self._held if len(df)] or self._held[:1]
            # A spreadsheet has no infinity: an open interval bound is an empty cell.
            table = safe_frame_for_xml(pd.concat(held, ignore_index=True).replace([float("inf"), float("-inf")], None))
            # Written through a handle: pandas would refuse the temporary file's suffix (.partial).
            with open(self.path, "wb") as handle, pd.ExcelWriter(handle, engine="openpyxl") as writer:
                table.to_excel(writer, index=False, sheet_name=self.sheet)
                secure_workbook(writer.book)

    def __enter__(self):
        return self

    def __exit__(self, kind, *exc) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def write_table(df, path: str, sheet: str = "facts") -> None:
    """Write `df` to `path`; the suffix picks the format."""
    with TableWriter(path, sheet) as writer:
        writer.write(df)
