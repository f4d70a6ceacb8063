"""Inputs in and out: polars, pandas and pyarrow frames, mappings, paths,
whole numbers and lists of names, each checked with a message naming the
argument."""

from __future__ import annotations

import numbers
import os
from pathlib import Path
from typing import Any, List, Optional, Union

import polars as pl

from . import errors


def kind_of(obj: Any) -> str:
    """'polars', 'pandas', 'pyarrow' or 'other' for a frame-like object."""
    module = type(obj).__module__.split(".")[0]
    if module in ("polars", "pandas", "pyarrow"):
        return module
    return "other"


def _from_pandas(obj: Any, what: str) -> pl.DataFrame:
    if type(obj).__name__ == "Series":
        raise errors.InvalidArgumentError(
            f"the {what} must be a frame, not a pandas Series ({obj.name!r}); "
            "use series.to_frame() or series.reset_index()"
        )
    # A named index (set_index("region"), or a MultiIndex) holds columns:
    # keep them. An unnamed index is only row numbers and is dropped.
    index = getattr(obj, "index", None)
    if index is not None and any(name is not None for name in index.names):
        taken = [n for n in index.names if n is not None and n in obj.columns]
        if taken:
            raise errors.DataError(
                f"the {what} has the index {list(index.names)} and also column(s) {taken} "
                "of the same name; drop one of them"
            )
        obj = obj.reset_index()
    try:
        return pl.from_pandas(obj)
    except Exception as e:  # pandas without pyarrow, odd dtypes
        raise errors.DataError(f"cannot read the pandas {what}: {e}") from e


def _plain_strings(df: pl.DataFrame) -> pl.DataFrame:
    """Categorical and enum columns (pandas 'category') as plain strings, so
    that grouping, joining and comparing with text behave the same."""
    cats = [c for c, t in df.schema.items() if isinstance(t, (pl.Categorical, pl.Enum))]
    return df.with_columns(pl.col(cats).cast(pl.String)) if cats else df


def to_polars(obj: Any, what: str = "frame") -> pl.DataFrame:
    """Converts a polars/pandas/pyarrow table, an Arrow stream or a dict of columns."""
    if isinstance(obj, pl.DataFrame):
        df = obj
    elif isinstance(obj, pl.LazyFrame):
        df = obj.collect()
    elif isinstance(obj, pl.Series):
        raise errors.InvalidArgumentError(
            f"the {what} must be a frame, not a polars Series ({obj.name!r}); use series.to_frame()"
        )
    elif isinstance(obj, dict):
        try:
            df = pl.DataFrame(obj)
        except (TypeError, ValueError, pl.exceptions.PolarsError) as e:
            # Columns of mixed types ([0, 2.5, "x"]) or unequal lengths.
            raise errors.InvalidArgumentError(
                f"the {what} cannot be built from this dict of columns: {e}"
            ) from e
    elif kind_of(obj) == "pandas":
        df = _from_pandas(obj, what)
    elif hasattr(obj, "__arrow_c_stream__"):
        df = pl.DataFrame(obj)
    else:
        raise errors.InvalidArgumentError(
            f"{what} must be a polars, pandas or pyarrow table or a dict of columns, "
            f"not {type(obj).__name__}"
        )
    return _plain_strings(df)


def like(df: pl.DataFrame, kind: str) -> Any:
    """Returns ``df`` as the kind of frame the caller gave."""
    if kind == "pandas":
        return df.to_pandas()
    if kind == "pyarrow":
        return df.to_arrow()
    return df


def expand(path: "str | Path") -> Path:
    """A path with ``~`` expanded to the home directory."""
    if not isinstance(path, (str, os.PathLike)):
        raise errors.InvalidArgumentError(f"a path must be a str or pathlib.Path, not {path!r}")
    return Path(path).expanduser()


def path_text(path: "str | Path") -> str:
    """A path for the Rust side, ``~`` expanded; a plain name (``"nl"``,
    ``"medium"``) is unchanged."""
    return str(expand(path))


def read_text(path: "str | Path") -> str:
    """Reads a UTF-8 text file, raising :class:`tekort.errors.ReadError` naming it."""
    p = expand(path)
    try:
        return p.read_text(encoding="utf-8")
    except OSError as e:
        raise errors.ReadError(f"cannot read {p}: {e}") from e


def names(value: Any, what: str, example: str = "'po'") -> List[str]:
    """A list of names: one string is one name (``by="year"`` is
    ``["year"]``), any other iterable its items, each a string."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, dict)) or not hasattr(value, "__iter__"):
        raise errors.InvalidArgumentError(
            f"{what} must be a name such as {example} or a list of them, not {value!r}"
        )
    out = list(value)
    for item in out:
        if not isinstance(item, str):
            raise errors.InvalidArgumentError(
                f"{what} must be a name such as {example} or a list of them; {item!r} in {out!r} is not"
            )
    return out


def whole(value: Any, what: str, example: str = "2030") -> int:
    """A whole number: a Python or numpy integer, or a float without a
    fraction (``2030.0``); a bool, a text or ``2030.7`` names ``what``."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise errors.InvalidArgumentError(f"{what} must be a whole number such as {example}, not {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        f = float(value)
        if f.is_integer():
            return int(f)
        raise errors.InvalidArgumentError(
            f"{what} must be a whole number such as {example}, not {value!r} (it has a fraction)"
        )
    raise errors.InvalidArgumentError(f"{what} must be a whole number such as {example}, not {value!r}")


def optional_whole(value: Any, what: str, example: str = "2030") -> Optional[int]:
    """:func:`whole`, or None for None."""
    return None if value is None else whole(value, what, example)


def number(value: Any, what: str, example: str = "1.5") -> float:
    """A real number (Python or numpy); a bool, a text or None names ``what``."""
    if isinstance(value, bool) or type(value).__name__ == "bool_" or not isinstance(value, numbers.Real):
        raise errors.InvalidArgumentError(f"{what} must be a number such as {example}, not {value!r}")
    return float(value)


Pathish = Union[str, Path]
