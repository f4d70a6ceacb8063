"""Frames in and out: polars, pandas and pyarrow objects, and mappings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from . import errors


def kind_of(obj: Any) -> str:
    """'polars', 'pandas', 'pyarrow' or 'other' for a frame-like object."""
    module = type(obj).__module__.split(".")[0]
    if module in ("polars", "pandas", "pyarrow"):
        return module
    return "other"


def to_polars(obj: Any, what: str = "frame") -> pl.DataFrame:
    """Converts a polars/pandas/pyarrow table, an Arrow stream or a dict of columns."""
    if isinstance(obj, pl.DataFrame):
        return obj
    if isinstance(obj, pl.LazyFrame):
        return obj.collect()
    if isinstance(obj, dict):
        return pl.DataFrame(obj)
    if kind_of(obj) == "pandas":
        try:
            return pl.from_pandas(obj)
        except Exception as e:  # pandas without pyarrow, odd dtypes
            raise errors.DataError(f"cannot read the pandas {what}: {e}") from e
    if hasattr(obj, "__arrow_c_stream__"):
        return pl.DataFrame(obj)
    raise TypeError(
        f"{what} must be a polars, pandas or pyarrow table or a dict of columns, "
        f"not {type(obj).__name__}"
    )


def like(df: pl.DataFrame, kind: str) -> Any:
    """Returns ``df`` as the kind of frame the caller gave."""
    if kind == "pandas":
        return df.to_pandas()
    if kind == "pyarrow":
        return df.to_arrow()
    return df


def read_text(path: "str | Path") -> str:
    """Reads a UTF-8 text file, raising :class:`tekort.errors.ReadError` naming it."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except OSError as e:
        raise errors.ReadError(f"cannot read {p}: {e}") from e
