"""Frames in and out: polars, pandas and pyarrow frames, mappings, paths,
whole numbers and lists of names, each checked with a message naming the
argument; and the operations on result frames (sums over regions and
sectors, writing to a file)."""

from __future__ import annotations

import math
import numbers
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Union

import polars as pl

from . import _core, errors
from ._interval_names import DRAWS_SUFFIX, INTERVAL

if TYPE_CHECKING:  # pragma: no cover
    from .params import Params


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


def _cut(e: BaseException, limit: int = 300) -> str:
    """The message of ``e``, cut at ``limit`` characters (a polars message
    may quote a number of 400 digits)."""
    text = str(e)
    return text if len(text) <= limit else text[:limit] + "…"


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
        except OverflowError as e:  # an integer beyond 64 bits (10**30)
            raise errors.IntegerOverflowError(
                f"the {what} cannot be built from this dict of columns: a whole number is beyond the "
                f"64-bit integers of a frame ({_cut(e)}); give it as a float or text"
            ) from None
        except (TypeError, ValueError, pl.exceptions.PolarsError) as e:
            # Columns of mixed types ([0, 2.5, "x"]) or unequal lengths.
            raise errors.InvalidArgumentError(
                f"the {what} cannot be built from this dict of columns: {_cut(e)}"
            ) from e
    elif kind_of(obj) == "pandas":
        df = _from_pandas(obj, what)
    elif hasattr(obj, "__arrow_c_stream__"):
        try:
            df = pl.DataFrame(obj)
        except Exception as e:  # a stream polars cannot read
            raise errors.DataError(f"cannot read the {what} (an Arrow stream): {e}") from e
    else:
        raise errors.InvalidArgumentError(
            f"{what} must be a polars, pandas or pyarrow table or a dict of columns, "
            f"not {type(obj).__name__}"
        )
    return _plain_strings(df)


_SMALL_INTEGERS = (pl.Int8, pl.Int16, pl.UInt8, pl.UInt16)
_WIDE_INTEGERS = tuple(t for t in (getattr(pl, "Int128", None), getattr(pl, "UInt128", None)) if t is not None)
_PLAIN = (pl.Boolean, pl.Int32, pl.Int64, pl.UInt32, pl.UInt64, pl.Float32, pl.Float64, pl.String, pl.Binary, pl.Null)


def _core_dtype(dtype: Any) -> Any:
    """The type a column of ``dtype`` crosses as (None: as it is), for the
    types the compiled core reads without a cast; raises ValueError with the
    reason for one it cannot read."""
    if isinstance(dtype, _PLAIN) or dtype in _PLAIN:
        return None
    if dtype in _SMALL_INTEGERS:
        return pl.Int64
    if isinstance(dtype, pl.Decimal) or (dtype.is_float() and dtype not in (pl.Float32, pl.Float64)):
        return pl.Float64
    if dtype in _WIDE_INTEGERS:
        return pl.Int64  # strict: a value beyond 64 bits is refused by the caller
    if isinstance(dtype, (pl.List, pl.Array)):
        inner = _core_dtype(dtype.inner)  # raises for an unreadable inner type
        if inner is None and isinstance(dtype, pl.List):
            return None
        return pl.List(inner or dtype.inner)
    raise ValueError(dtype)


def for_core(df: pl.DataFrame, what: str, dates: bool = False) -> pl.DataFrame:
    """The frame in column types the compiled core reads: small integers
    (``Int8`` … ``UInt16``) as ``Int64``, 128-bit integers as ``Int64``
    when every value fits, ``Decimal`` (pandas ``decimal.Decimal``, pyarrow
    ``decimal128``) as ``Float64``, fixed-size arrays as lists; with
    ``dates`` (for :func:`save`) dates, datetimes and times as ISO 8601
    text and durations as ISO 8601 durations (``P1DT3S``). Any other
    column (a struct, a Python object, a date where the model reads a
    number or a text) is a :class:`tekort.errors.ColumnTypeError` naming
    the column and its type."""
    casts = []
    for name, dtype in df.schema.items():
        if dates and dtype == pl.Duration:
            casts.append(pl.col(name).dt.to_string("iso"))
            continue
        if dates and dtype.is_temporal():
            casts.append(pl.col(name).cast(pl.String))
            continue
        try:
            target = _core_dtype(dtype)
        except ValueError:
            hint = (
                "give the year as a number (e.g. pl.col(c).dt.year()) or the value as text"
                if dtype.is_temporal()
                else "cast it to numbers or text, or drop it"
            )
            raise errors.ColumnTypeError(
                f"the {what} has column {name!r} of type {dtype}, which tekort cannot read: {hint}"
            ) from None
        if target is not None:
            casts.append(pl.col(name).cast(target, strict=True))
    if not casts:
        return df
    try:
        return df.with_columns(casts)
    except pl.exceptions.PolarsError as e:  # a 128-bit integer beyond 64 bits
        bad = [
            f"{c} ({t})"
            for c, t in df.schema.items()
            if t in _WIDE_INTEGERS or (isinstance(t, (pl.List, pl.Array)) and t.inner in _WIDE_INTEGERS)
        ]
        raise errors.ColumnTypeError(
            f"the {what} has 128-bit integer column(s) {', '.join(bad) or '?'} with values beyond the "
            f"64-bit range, which tekort cannot read: cast them to Float64 ({str(e).splitlines()[0]})"
        ) from None


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


#: The largest TOML file read (``Params.from_toml``, ``Scenario.from_toml``),
#: as the Rust side's ``MAX_TOML_BYTES``: 1 MiB.
MAX_TOML_BYTES = 1 << 20


def read_text(path: "str | Path", limit: int = MAX_TOML_BYTES) -> str:
    """Reads a UTF-8 text file of at most ``limit`` bytes, raising
    :class:`tekort.errors.ReadError` naming it when it cannot be read, is
    larger (``/dev/zero`` stops at the limit), or is not UTF-8 text."""
    p = expand(path)
    try:
        with open(p, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise errors.ReadError(f"cannot read {p}: {e}") from e
    if len(data) > limit:
        raise errors.ReadError(f"cannot read {p}: larger than {limit >> 20} MiB, the limit for a TOML file")
    nul = data.find(b"\0")
    if nul >= 0:
        raise errors.ReadError(f"cannot read {p}: byte {nul + 1} is a NUL (0x00): a TOML file must be text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise errors.ReadError(f"cannot read {p}: byte {e.start + 1} is not UTF-8: save it as UTF-8") from e


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


INT32 = (-(2**31), 2**31 - 1)
"""The range of a year, ``start``, ``horizon`` and ``cutoffs`` (32-bit in the model)."""
UINT64 = (None, 2**64 - 1)
"""The range of ``draws``, ``runs`` and ``seed`` (64-bit; below zero each has its own check)."""


def _shown(value: Any) -> str:
    """A value for a message: its repr, a whole number of more than 24
    digits as its first digits and its length, anything else cut at 200
    characters."""
    text = repr(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and len(text) > 24:
        sign = "-" if text.startswith("-") else ""
        digits = text.lstrip("-")
        return f"{sign}{digits[:4]}… (a whole number of {len(digits)} digits)"
    return text if len(text) <= 200 else text[:200] + "…"


def whole(value: Any, what: str, example: str = "2030", fits: tuple = INT32) -> int:
    """A whole number: a Python or numpy integer, or a float without a
    fraction (``2030.0``); a bool, a text or ``2030.7`` names ``what``
    (:class:`tekort.errors.InvalidArgumentError`). A number outside
    ``fits`` (the integer type the model takes, :data:`INT32` or
    :data:`UINT64`) is an :class:`tekort.errors.IntegerOverflowError`."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise errors.InvalidArgumentError(f"{what} must be a whole number such as {example}, not {value!r}")
    if isinstance(value, numbers.Integral):
        out = int(value)
    elif isinstance(value, numbers.Real):
        f = float(value)
        if not f.is_integer():
            raise errors.InvalidArgumentError(
                f"{what} must be a whole number such as {example}, not {value!r} "
                + ("(it is not finite)" if f != f or f in (float("inf"), float("-inf")) else "(it has a fraction)")
            )
        out = int(f)
    else:
        raise errors.InvalidArgumentError(f"{what} must be a whole number such as {example}, not {value!r}")
    low, high = fits
    if (low is not None and out < low) or out > high:
        bounds = f"between {low:,} and {high:,}" if low is not None else f"at most {high:,}"
        raise errors.IntegerOverflowError(
            f"{what} = {_shown(value)} is far out of range: beyond the "
            f"{'32' if high < 2**32 else '64'}-bit whole numbers tekort takes ({bounds}); "
            f"{what} is a whole number such as {example}"
        )
    return out


def optional_whole(value: Any, what: str, example: str = "2030", fits: tuple = INT32) -> Optional[int]:
    """:func:`whole`, or None for None."""
    return None if value is None else whole(value, what, example, fits)


def number(value: Any, what: str, example: str = "1.5") -> float:
    """A real number (Python or numpy); a bool, a text or None names ``what``."""
    if isinstance(value, bool) or type(value).__name__ == "bool_" or not isinstance(value, numbers.Real):
        raise errors.InvalidArgumentError(f"{what} must be a number such as {example}, not {value!r}")
    try:
        return float(value)
    except OverflowError:  # an integer beyond the largest float (about 1.8e308)
        raise errors.IntegerOverflowError(
            f"{what} = {_shown(value)} is far out of range: beyond the largest number tekort takes "
            f"(about 1.8e308); {what} is a number such as {example}"
        ) from None


Pathish = Union[str, Path]


# --------------------------------------------------------------------------
# result frames

RATIO_COLUMNS = {
    "shortage_pct": "shortage_fte",
    "vacancy_intensity_pct": "vacancies_fte",
    "share_55plus_pct": "employment_55plus_fte",
}
"""Percentage columns and their numerators; the denominator is always ``employment_fte``."""

KEY_COLUMNS = ("scenario", "region_system", "region", "sector", "year", "period", "kind")

ADDITIVE_COLUMNS = (
    "pupils", "demand_fte", "employment_fte", "shortage_fte", "shortage_increment_fte",
    "vacancies_fte", "hidden_shortage_fte", "replacement_requests", "replacement_unfilled",
    "teachers", "employment_55plus_fte", "inflow_fte", "inflow_graduates_fte",
    "inflow_zij_instroom_fte", "inflow_returners_fte", "inflow_movers_fte", "outflow_fte",
    "outflow_retirement_fte", "outflow_attrition_fte", "outflow_death_disability_fte",
    "outflow_movers_fte", "hours_change_fte", "inflow_persons", "outflow_persons", "openings_fte", "reserve_persons",
    "inflow_residual_fte",
)  # fmt: skip
"""Columns whose totals are sums (counts and fte)."""


def _sector_group() -> pl.Expr:
    return (
        pl.when(pl.col("sector").str.starts_with("po"))
        .then(pl.lit("po"))
        .otherwise(pl.col("sector"))
        .alias("sector_group")
    )


def _interval_parts(column: str) -> Optional[tuple]:
    """``(column, bound, level)`` of an interval column
    ``{column}-{lo|hi}-{level}`` (``("shortage_pct", "lo", 80.0)``), or
    None for any other column."""
    m = INTERVAL.match(column)
    if m is None:
        return None
    try:
        return m["column"], m["bound"], float(m["level"])
    except ValueError:
        return None


def _is_value_column(column: str) -> bool:
    """Whether a column of a result frame holds values (summed, recomputed
    or dropped by :func:`aggregate`) rather than a key."""
    base = column[: -len("-central")] if column.endswith("-central") else column
    return (
        base in ADDITIVE_COLUMNS
        or base in RATIO_COLUMNS
        or column.endswith(DRAWS_SUFFIX)
        or _interval_parts(column) is not None
    )


def _quantile(sorted_draws: pl.Expr, n: pl.Expr, p: float) -> pl.Expr:
    """Quantile ``p`` of the ``n`` draws in a sorted list column (per row),
    linear between order statistics (type 7), with the arithmetic of the
    Rust side's ``quantile_sorted``, so that the bounds of one row come out
    bit for bit as ``forecast(draws=N)`` gives them; null without draws."""
    x = min(max(p, 0.0), 1.0) * (n - 1).cast(pl.Float64)
    i = x.floor().cast(pl.Int64)
    f = x - i.cast(pl.Float64)
    a = sorted_draws.list.get(i, null_on_oob=True)
    b = sorted_draws.list.get(i + 1, null_on_oob=True)
    return pl.when(n < 1).then(None).when(i + 1 < n).then(a + f * (b - a)).otherwise(a)


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """A percentage of ``den``, null where ``den`` is not above 0 (the
    shortage % of the model)."""
    return pl.when(den > 0).then(100.0 * num / den).otherwise(None)


def _draw_bands(long: pl.DataFrame, variables: List[str], wanted: dict, medians: List[str]) -> pl.DataFrame:
    """From one row per ``__g, __draw`` with the additive ``variables``
    (already summed over the group): one row per group ``__g`` (in its
    order) with the draws as lists ``{variable}-draws``, the median of the
    draws of each name in ``medians`` and the interval columns ``wanted``
    (name: ``(column, level, bound)``); a ratio of :data:`RATIO_COLUMNS`
    is computed per draw before its quantiles."""
    ratios = [r for r, num in RATIO_COLUMNS.items() if num in variables and "employment_fte" in variables]
    long = long.with_columns(_ratio(pl.col(RATIO_COLUMNS[r]), pl.col("employment_fte")).alias(r) for r in ratios)
    lists = {v: f"__{v}" for v in variables + ratios}
    per_group = (
        long.group_by("__g")
        .agg(pl.col(v).sort_by("__draw").alias(c) for v, c in lists.items())
        .sort("__g")
    )
    # As the Rust side: the quantiles of the finite draws only.
    finite = {v: pl.col(c).list.eval(pl.element().filter(pl.element().is_finite())) for v, c in lists.items()}
    sortd = {v: pl.col(f"__sorted_{v}") for v in lists}
    count = {v: pl.col(f"__sorted_{v}").list.len() for v in lists}
    per_group = per_group.with_columns(e.list.sort().alias(f"__sorted_{v}") for v, e in finite.items())
    exprs = [_quantile(sortd[m], count[m], 0.5).alias(m) for m in medians if m in sortd]
    for name, (column, level, bound) in wanted.items():
        if column in sortd:
            a = (1.0 - level / 100.0) / 2.0
            exprs.append(_quantile(sortd[column], count[column], a if bound == "lo" else 1.0 - a).alias(name))
    out = per_group.with_columns(exprs).drop(f"__sorted_{v}" for v in lists)
    # Not-a-number bounds (no employment in any draw) are null, as the Rust side's.
    out = out.with_columns(pl.col(e.meta.output_name()).fill_nan(None) for e in exprs)
    return out.rename({f"__{v}": v + DRAWS_SUFFIX for v in variables}).drop(f"__{r}" for r in ratios)


def _group_of_rows(df: pl.DataFrame, by: List[str]) -> tuple:
    """The groups of ``df`` by ``by`` in order of first appearance (a frame
    of the ``by`` columns) and the group number ``__g`` of every row (a
    frame ``__row, __g``)."""
    groups = df.with_row_index("__row").group_by(by, maintain_order=True).agg(pl.col("__row"))
    rows = groups.select("__row").with_row_index("__g").explode("__row")
    return groups.drop("__row"), rows


def _sum_draws(df: pl.DataFrame, draws: List[str], rows: pl.DataFrame) -> pl.DataFrame:
    """The list columns ``draws`` summed element by element over the rows of
    each group (``rows``: ``__row, __g``), as one row per ``__g, __draw``
    with the sums named without ``-draws``."""
    lengths = set()
    for c in draws:
        lengths |= set(df[c].list.len().to_list())
    if len(lengths) != 1 or None in lengths:
        shown = sorted(lengths, key=lambda x: -1 if x is None else x)
        raise errors.DataError(
            f"cannot sum the draws: the columns {draws} must hold lists of one length on every row "
            f"(found lengths {shown}); pass the frame forecast(draws=N) returned"
        )
    long = (
        df.select(*draws)
        .with_row_index("__row")
        .join(rows, on="__row")
        .with_columns(pl.int_ranges(0, pl.col(draws[0]).list.len()).alias("__draw"))
        .explode([*draws, "__draw"])
    )
    # One integer key per group and draw: a faster grouping than the pair.
    n = lengths.pop()
    summed = long.group_by((pl.col("__g").cast(pl.UInt64) * n + pl.col("__draw")).alias("__k")).agg(
        pl.col(c).cast(pl.Float64).sum().alias(c[: -len(DRAWS_SUFFIX)]) for c in draws
    )
    return summed.with_columns(
        (pl.col("__k") // n).alias("__g"), (pl.col("__k") % n).alias("__draw")
    ).drop("__k")


def aggregate(frame: Any, by: Sequence[str] = ("scenario", "region_system", "sector_group", "year")) -> Any:
    """Sums a forecast over everything not in ``by`` and recomputes the
    percentage columns from the sums (denominator ``employment_fte``).

    ``by`` may name any key column and ``"sector_group"`` (po, vo, mbo).
    Accepts and returns the same kind of frame: polars, pandas or pyarrow.

    A frame of ``forecast(draws=N)`` keeps its intervals: its draws
    (the list columns ``pupils-draws``, ``demand_fte-draws``,
    ``employment_fte-draws``, ``shortage_fte-draws``) are summed draw by
    draw over each group, and every ``{column}-lo-{level}`` /
    ``{column}-hi-{level}`` column and the point columns of these variables
    (the median of the draws) are taken from the summed draws, the shortage
    % per draw from the draw's sums (the quantiles of the Rust side, so a
    group of one row gives back its own bounds); ``{column}-central`` is
    summed. A frame with interval columns but without the draws (one read
    back from a file) loses its interval columns with a warning: quantiles
    do not add up.

    >>> import tekort
    >>> res = tekort.forecast(regions="provincie", until=2027)
    >>> nat = tekort.aggregate(res)
    >>> nat.filter(nat["year"] == 2025).sort("sector_group")["shortage_pct"].round(1).to_list()
    [7.8, 8.9, 5.8]
    >>> mc = tekort.aggregate(tekort.forecast(regions="provincie", sector="vo", until=2027, draws=50))
    >>> row = mc.filter(mc["year"] == 2027).row(0, named=True)
    >>> bool(row["shortage_pct-lo-80"] <= row["shortage_pct"] <= row["shortage_pct-hi-80"])
    True
    """
    kind = kind_of(frame)
    df = to_polars(frame, "forecast frame")
    by = names(by, "by", "'year'")
    draws = [c for c in df.columns if c.endswith(DRAWS_SUFFIX) and isinstance(df.schema[c], pl.List)]
    drawn = {c[: -len(DRAWS_SUFFIX)] for c in draws}
    if "employment_fte" in drawn:
        drawn |= {r for r, num in RATIO_COLUMNS.items() if num in drawn}
    intervals = {c: _interval_parts(c) for c in df.columns}
    intervals = {c: parts for c, parts in intervals.items() if parts is not None}
    lost = [c for c, (column, _, _) in intervals.items() if column not in drawn]
    if lost:
        warnings.warn(
            f"aggregate drops the interval columns {lost[:4]}{' …' if len(lost) > 4 else ''}: quantiles "
            "do not add up, and the frame has no draws to sum (the list columns such as "
            "'shortage_fte-draws' of tekort.forecast(draws=N), which a frame read back from a file "
            "has lost). Aggregate the frame forecast(draws=N) returned, or sum tekort.simulate() per "
            "sample_id (tekort.intervals).",
            UserWarning,
            stacklevel=2,
        )
        df = df.drop(lost)
    from .errors import DataError

    if "sector_group" in by and "sector_group" not in df.columns:
        if df.schema.get("sector") != pl.String:
            raise DataError(
                f"cannot aggregate by sector_group: it needs a text column sector ({dict(df.schema)})"
            )
        df = df.with_columns(_sector_group())
    unknown = [c for c in by if c not in df.columns]
    if unknown:
        raise DataError(f"cannot aggregate by {unknown}: not columns of the frame ({df.columns})")
    additive = [c for c in ADDITIVE_COLUMNS if c in df.columns]
    additive += [c + "-central" for c in ADDITIVE_COLUMNS if c + "-central" in df.columns]
    not_numeric = [f"{c} ({df.schema[c]})" for c in additive if not df.schema[c].is_numeric()]
    if not_numeric:
        raise DataError(f"cannot aggregate: {', '.join(not_numeric)} must be numeric")
    sums = [pl.col(c).sum() for c in additive]
    out = df.group_by(by, maintain_order=True).agg(sums)
    ratios = [
        _ratio(pl.col(num + suffix), pl.col("employment_fte" + suffix)).alias(ratio + suffix)
        for suffix in ("", "-central")
        for ratio, num in RATIO_COLUMNS.items()
        if num + suffix in out.columns and "employment_fte" + suffix in out.columns
    ]
    # Groups keep the order of first appearance (the user's scenario order).
    out = out.with_columns(ratios)
    if draws:
        long = _sum_draws(df, draws, _group_of_rows(df, by)[1])
        wanted = {c: (column, level, bound) for c, (column, bound, level) in intervals.items() if c not in lost}
        # The point of a Monte Carlo variable is the median of its draws.
        medians = [c for c in drawn if c + "-central" in df.columns]
        bands = _draw_bands(long, sorted(c[: -len(DRAWS_SUFFIX)] for c in draws), wanted, medians)
        first = out.columns
        out = out.drop(*[c for c in bands.columns if c in first]).hstack(bands.drop("__g"))
        out = out.select(first + [c for c in out.columns if c not in first])
    return like(out, kind)


def intervals(frame: Any, by: Sequence[str] = ("scenario", "region_system", "sector_group", "year"),
              levels: Sequence[float] = (80, 95)) -> Any:
    """The intervals of totals from the draws of :func:`simulate` (or of
    a ``forecast(draws=N)`` frame, from its ``{column}-draws`` lists): sums
    each draw (``sample_id``) over everything not in ``by``, then gives one
    row per group with the median of the summed draws of ``pupils``,
    ``demand_fte``, ``employment_fte``, ``shortage_fte`` and
    ``shortage_pct`` (per draw, from the draw's sums), their interval
    columns ``{column}-lo-{level}`` / ``{column}-hi-{level}`` (the
    quantiles of :func:`forecast`) and the summed draws as lists
    ``{column}-draws``. ``by`` as in :func:`aggregate`; accepts and
    returns the same kind of frame: polars, pandas or pyarrow.

    >>> import tekort, polars as pl
    >>> sims = tekort.simulate(regions="provincie", sector="vo", until=2027, draws=50)
    >>> nat = tekort.intervals(sims, by=["year"], levels=[80])
    >>> row = nat.filter(pl.col("year") == 2027).row(0, named=True)
    >>> bool(row["shortage_pct-lo-80"] < row["shortage_pct"] < row["shortage_pct-hi-80"])
    True
    """
    from ._inputs import check_mc

    kind = kind_of(frame)
    df = to_polars(frame, "simulation frame")
    by = names(by, "by", "'year'")
    _, _, levels = check_mc(None, 7, levels)
    for level in levels:
        if not 1 <= level < 100:
            hint = f" (did you mean {level * 100:g}?)" if 0 < level < 1 else ""
            raise errors.InvalidValueError(
                f"invalid value for levels: {level:g}; an interval level is a percentage from 1 to below 100{hint}"
            )
    draws = [c for c in df.columns if c.endswith(DRAWS_SUFFIX) and isinstance(df.schema[c], pl.List)]
    if "sample_id" not in df.columns and not draws:
        raise errors.DataError(
            "intervals needs draws: the frame of tekort.simulate() (a column 'sample_id') or of "
            f"tekort.forecast(draws=N) (columns such as 'shortage_fte-draws'); found: {df.columns}"
        )
    if "sector_group" in by and "sector_group" not in df.columns and df.schema.get("sector") == pl.String:
        df = df.with_columns(_sector_group())
    unknown = [c for c in by if c not in df.columns]
    if unknown:
        raise errors.DataError(f"cannot take intervals by {unknown}: not columns of the frame ({df.columns})")
    groups, rows = _group_of_rows(df, by)
    if "sample_id" in df.columns:
        variables = [c for c in ("pupils", "demand_fte", "employment_fte", "shortage_fte") if c in df.columns]
        long = (
            df.select("sample_id", *variables)
            .with_row_index("__row")
            .join(rows, on="__row")
            .group_by(["__g", pl.col("sample_id").alias("__draw")])
            .agg(pl.col(variables).cast(pl.Float64).sum())
        )
    else:
        variables = [c[: -len(DRAWS_SUFFIX)] for c in draws]
        long = _sum_draws(df, draws, rows)
    names_ = variables + [r for r, num in RATIO_COLUMNS.items() if num in variables and "employment_fte" in variables]
    wanted = {
        f"{v}-{bound}-{int(level) if float(level).is_integer() else level}": (v, float(level), bound)
        for v in names_
        for level in levels
        for bound in ("lo", "hi")
    }
    bands = _draw_bands(long, variables, wanted, names_)
    order = by + names_ + list(wanted) + [v + DRAWS_SUFFIX for v in variables]
    return like(groups.hstack(bands.drop("__g")).select(order), kind)


def collapse_sectors(frame: Any) -> Any:
    """The po types (``po_bo``, ``po_sbo``, ``po_so_vso``) summed into one
    sector ``"po"``; vo and mbo rows stay as they are. Every other column
    that is not a value column (scenario, region, year, period, ``age``,
    ``sample_id``, …) is kept as a key. The sums and the recomputed
    percentages are those of :func:`aggregate`, and so are the intervals:
    a frame of ``forecast(draws=N)`` keeps them (from its summed draws),
    one without draws loses them with a warning.

    Works on :func:`forecast`, :func:`simulate` and
    :func:`workforce_by_age` frames; accepts and returns the same kind of
    frame: polars, pandas or pyarrow.

    >>> import tekort
    >>> po = tekort.collapse_sectors(tekort.forecast(regions="nl", sector="po", until=2027))
    >>> po["sector"].unique().to_list(), po.height
    (['po'], 3)
    """
    kind = kind_of(frame)
    df = to_polars(frame, "forecast frame")
    if "sector" not in df.columns:
        raise errors.DataError(f"the forecast frame has no column 'sector'; found: {df.columns}")
    if df.schema["sector"] != pl.String:
        raise errors.DataError(
            f"cannot collapse sectors: it needs a text column sector (po_bo, vo, …), not {df.schema['sector']}"
        )
    keys = [c for c in df.columns if not _is_value_column(c)]
    summed = aggregate(df.with_columns(_sector_group().alias("sector")), by=keys)
    return like(summed.select([c for c in df.columns if c in summed.columns]), kind)


def _warn_unusable_source_date_epoch() -> None:
    """Warns when ``SOURCE_DATE_EPOCH`` is set but is not a whole number of
    seconds before the year 10000: the workbook then records the time of
    writing (as the ``tekort`` command warns)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    text = value.strip()
    text = text[1:] if text.startswith("+") else text  # as Rust's u64 parse
    if not value or (text.isascii() and text.isdigit() and int(text) < 253_402_300_800):
        return
    shown = value if len(value) <= 40 else value[:40] + "…"
    warnings.warn(
        f"SOURCE_DATE_EPOCH={shown!r} is not a whole number of seconds since 1970 "
        "(before the year 10000): ignored, the workbook records the time of writing "
        "and is not reproducible",
        stacklevel=3,
    )


def save(frame: Any, path: Union[str, Path], params: Optional[Params] = None) -> None:
    """Writes a frame (polars, pandas or pyarrow) to ``path``, as CSV,
    Parquet or Excel by its extension (``.csv``, ``.parquet``, ``.xlsx``).
    The file appears whole or not at all: a failure leaves nothing behind.

    An ``.xlsx`` workbook has a sheet ``results`` with the frame (numbers as
    numbers, text as text, so ``gemeentecode`` keeps its leading zero; nulls
    as empty cells; a frozen header row with an autofilter) and a sheet
    ``metadata``: the tekort version, ``tekort.save``, the region system,
    the date, the sources (Bron: DUO / CBS / OCW and the dataset's citation)
    and, when ``params`` is given, the parameters as TOML, one line per
    row. Excel has no NaN or infinity: such numbers become empty cells and a
    ``note`` row counts them. CSV and Parquet ignore ``params``. The list
    columns of draws (``shortage_fte-draws``, … of ``forecast(draws=N)``)
    are left out of every format; the interval columns are written. With the
    environment variable ``SOURCE_DATE_EPOCH`` (whole seconds since 1970)
    the workbook records that time instead of the clock's, so two saves of
    one frame are byte-identical; a value that cannot be used is ignored
    with a ``UserWarning``.

    Raises :class:`tekort.errors.UnsupportedFormatError` (a ``ValueError``)
    for another extension or a frame beyond Excel's limits (more than
    1,048,575 rows, 16,384 columns, or a text over 32,767 characters: write
    Parquet instead), :class:`tekort.errors.WriteError` (an ``OSError``)
    when the location is not writable, :class:`tekort.errors.InvalidArgumentError`
    (a ``TypeError``) when ``params`` is not a :class:`tekort.Params`, and
    :class:`tekort.errors.ColumnTypeError` for a column of a type no file
    holds (a struct, Python objects). Dates and times are written as ISO
    8601 text, ``Decimal`` columns as 64-bit floats, small integers as
    ``Int64``.

    >>> import tekort, tempfile, os, polars as pl
    >>> res = tekort.forecast(regions="nl", sector="vo", until=2026)
    >>> path = os.path.join(tempfile.mkdtemp(), "vo.parquet")
    >>> tekort.save(res, path)
    >>> pl.read_parquet(path).equals(res)
    True
    >>> xlsx = os.path.join(tempfile.mkdtemp(), "vo.xlsx")
    >>> tekort.save(res, xlsx, params=tekort.Params.default())
    >>> import importlib.util
    >>> if importlib.util.find_spec("fastexcel"):  # polars.read_excel's engine
    ...     back = pl.read_excel(xlsx, sheet_name="results")
    ...     assert back.shape == res.shape, back.shape
    ... elif importlib.util.find_spec("openpyxl"):
    ...     import openpyxl
    ...     sheet = openpyxl.load_workbook(xlsx)["results"]
    ...     assert (sheet.max_row, sheet.max_column) == (res.height + 1, res.width)
    """
    from .params import Params  # params imports this module

    if params is not None and not isinstance(params, Params):
        raise errors.InvalidArgumentError(f"params must be tekort.Params, not {type(params).__name__}")
    if str(path).lower().endswith(".xlsx"):
        _warn_unusable_source_date_epoch()
    df = to_polars(frame, "frame to save")
    # The draws of forecast(draws=N) are lists, which CSV and Excel cannot hold.
    df = df.drop([c for c in df.columns if c.endswith(DRAWS_SUFFIX) and isinstance(df.schema[c], (pl.List, pl.Array))])
    _core.write_frame(
        for_core(df, "frame to save", dates=True),
        path_text(path),
        None if params is None else params._to_json(),
    )
