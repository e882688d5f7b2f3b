"""Fact rows to the fact table (a pandas DataFrame with the columns of `types.FACT_COLUMNS`),
built column by column: a DataFrame made from a list of dicts costs as much as the parse."""
from __future__ import annotations

import math
from functools import lru_cache

from ..types import FACT_COLUMNS

_FLOAT_COLUMNS = ("value", "low", "high", "base_value", "base_low", "base_high", "rounding")


_INT_COLUMNS = ("sentence_id", "line", "column", "start", "end")
TEXT_COLUMNS = tuple(c for c in FACT_COLUMNS if c not in _FLOAT_COLUMNS and c not in _INT_COLUMNS)


def frame(rows: list[dict]):
    """The fact table as a DataFrame with stable dtypes, even when empty, built in one typed
    step: three blocks (floats, integers, text) handed to pandas as they are. Building it
    column by column cost more than extracting a short sentence."""
    try:
        return _frame_from_blocks(rows)
    except (ImportError, AttributeError, TypeError):  # a pandas without the block API of 2.x
        return _frame_from_columns(rows)


def _column_groups():
    floats = [i for i, c in enumerate(FACT_COLUMNS) if c in _FLOAT_COLUMNS]
    ints = [i for i, c in enumerate(FACT_COLUMNS) if c in _INT_COLUMNS]
    texts = [i for i in range(len(FACT_COLUMNS)) if i not in floats and i not in ints]
    return floats, ints, texts


_FLOATS, _INTS, _TEXTS = _column_groups()


@lru_cache(maxsize=1)
def _columns_index():
    import pandas as pd

    return pd.Index(FACT_COLUMNS)


@lru_cache(maxsize=1)
def _placements():
    """Each block's columns as pandas' own placement objects, made once: pandas' public
    `make_block` rebuilds and checks them on every call, which cost a third of the frame."""
    import numpy as np
    from pandas._libs.internals import BlockPlacement
    from pandas.core.internals.blocks import new_block

    return new_block, [BlockPlacement(np.array(columns, dtype=np.intp)) for columns in (_TEXTS, _FLOATS, _INTS)]


def _frame_from_blocks(rows: list[dict]):
    import numpy as np
    import pandas as pd
    from pandas.core.internals import BlockManager

    n = len(rows)
    values = [[row.get(column) for row in rows] for column in FACT_COLUMNS]
    floats = np.array([values[i] for i in _FLOATS], dtype="float64").reshape(len(_FLOATS), n)
    ints = np.array([values[i] for i in _INTS], dtype="int64").reshape(len(_INTS), n)
    texts = np.empty((len(_TEXTS), n), dtype=object)
    for k, i in enumerate(_TEXTS):
        texts[k, :] = values[i]
    new_block, placements = _placements()
    blocks = [new_block(values, placement=placement, ndim=2)
              for values, placement in zip((texts, floats, ints), placements)]
    # The three blocks cover every column once, by construction: nothing for pandas to verify.
    manager = BlockManager(blocks, [_columns_index(), pd.RangeIndex(n)], verify_integrity=False)
    return pd.DataFrame._from_mgr(manager, axes=manager.axes)


def _frame_from_columns(rows: list[dict]):
    import numpy as np
    import pandas as pd

    columns = {}
    for column in FACT_COLUMNS:
        values = [row.get(column) for row in rows]
        if column in _FLOAT_COLUMNS:
            columns[column] = np.array(values, dtype="float64")
        elif column in _INT_COLUMNS:
            columns[column] = np.array(values, dtype="int64")
        else:
            array = np.empty(len(values), dtype=object)
            array[:] = values
            columns[column] = array
    return pd.DataFrame(columns, copy=False)


OPEN_BOUNDS = {"low": -math.inf, "base_low": -math.inf, "high": math.inf, "base_high": math.inf}
"""An interval's bounds that may be open ("more than 5": [5, inf]), and the value of an open one."""


def typed(df):
    """A fact table read back from a file (CSV, JSONL, Parquet; by pandas or a GX data source)
    with the types `frame` gives: numbers as float64 (an open bound as infinity; JSONL's null
    too) and int64, text as str with "" for an empty cell (CSV and JSONL give NaN or None, and a
    column that only holds digits comes back as numbers). Columns in `FACT_COLUMNS` order, then
    any others; the index (the row ids) as it is. A missing column or a value that is not a
    number is a ValueError that names the column."""
    import pandas as pd

    missing = [c for c in FACT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"not a fact table: no column {', '.join(missing)}; expected the columns `facts extract` "
                         f"writes ({', '.join(FACT_COLUMNS)})")
    columns = {}
    for column in FACT_COLUMNS:
        values = df[column]
        try:
            if column in _FLOAT_COLUMNS:
                number = pd.to_numeric(values.replace({"": None}), errors="raise").astype("float64")
                # JSONL has no infinity: `facts extract` writes an open bound as null.
                columns[column] = number.fillna(OPEN_BOUNDS[column]) if column in OPEN_BOUNDS else number
            elif column in _INT_COLUMNS:
                columns[column] = pd.to_numeric(values, errors="raise").astype("int64")
            else:
                columns[column] = values.map(_text)
        except (ValueError, TypeError) as e:
            raise ValueError(f"column {column!r}: {' '.join(str(e).split())[:200]}") from e
    others = [c for c in df.columns if c not in columns]
    return pd.concat([pd.DataFrame(columns, index=df.index), df[others]], axis=1)


def _text(value) -> str:
    """A text cell as `frame` holds it: "" for an empty one, digits read as a number as digits."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


PARQUET_ROWS = 20_000
"""Rows converted to Arrow at a time when a fact table is stored (`to_parquet_bytes`), so that the
copy of a large table's text in Arrow stays bounded. (The peak of a 50 MB text checked with the
cache, 1,780 MB, is the same written whole or in parts, and was the same before tables were kept.)"""


def to_parquet_bytes(df) -> bytes | None:
    """A fact table as `frame` builds it, stored whole (the cache keeps a run's table: Parquet,
    zstd, written `PARQUET_ROWS` rows at a time): its columns and types only, no pandas metadata
    (nothing a reader would rebuild from the file but plain columns). None when a text column holds
    a value that is not text (Arrow cannot store it as a string column): such a table is not kept."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    if list(df.columns) != list(FACT_COLUMNS):
        return None
    out = io.BytesIO()
    schema = _parquet_schema()
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for start in range(0, max(len(df), 1), PARQUET_ROWS):
            try:
                part = pa.Table.from_pandas(df.iloc[start:start + PARQUET_ROWS], schema=schema, preserve_index=False)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                return None
            writer.write_table(part.replace_schema_metadata(None))
    return out.getvalue()


def _parquet_schema():
    """The Arrow types of the fact table's columns, as `to_parquet_bytes` writes them and
    `from_parquet_bytes` accepts them: float64, int64 and string (null allowed)."""
    import pyarrow as pa

    kinds = {**dict.fromkeys(_FLOAT_COLUMNS, pa.float64()), **dict.fromkeys(_INT_COLUMNS, pa.int64())}
    return pa.schema([(c, kinds.get(c, pa.string())) for c in FACT_COLUMNS])


def from_parquet_bytes(data: bytes):
    """The fact table of `to_parquet_bytes`: the same values and types as the table written.
    ValueError when the bytes are not one (not Parquet, other columns or types)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as e:
        raise ValueError(f"not a stored fact table ({e})") from e
    if table.schema.names != list(FACT_COLUMNS):
        raise ValueError("not a stored fact table (other columns)")
    wrong = [f.name for f, want in zip(table.schema, _parquet_schema()) if not f.equals(want)]
    if wrong:
        raise ValueError(f"not a stored fact table (column {wrong[0]!r} of type {table.schema.field(wrong[0]).type})")
    return table.replace_schema_metadata(None).to_pandas()  # plain columns, whatever metadata the file claims
