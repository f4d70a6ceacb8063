"""The model against the past: backtests from past cutoffs and their
scores, and the generated reports of ``tekort accuracy`` and ``tekort
validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence, Union

import polars as pl

from . import _core, errors
from ._frames import names as names_of
from ._frames import for_core, kind_of, like, path_text, to_polars, whole
from ._inputs import RegionsArg
from ._interval_names import interval_levels
from .params import Params
from .regions import Regions

__all__ = ["validation", "backtest", "backtest_summary", "accuracy", "BACKTEST_COMPONENTS"]


def validation(params: Optional[Params] = None) -> str:
    """What the model reproduces of the past (the measured shortages in
    their own years, the G5 convention, the ageing of the po workforce), as
    Markdown: the text of ``docs/validation.md`` (``tekort validate``).

    >>> import tekort
    >>> "po | 2023 | 9.7" in tekort.validation()
    True
    """
    if params is not None and not isinstance(params, Params):
        raise errors.InvalidArgumentError(f"params must be tekort.Params, not {type(params).__name__}")
    return _core.validation_markdown(None if params is None else params._to_json())


BACKTEST_COMPONENTS = ("pupils", "births", "graduates", "staff", "share_55plus", "shortage")
"""The components :func:`backtest` can score."""


def _cutoff_range(cutoffs: Any) -> Optional[tuple]:
    if cutoffs is None:
        return None
    if not isinstance(cutoffs, (tuple, list, range)):
        year = whole(cutoffs, "cutoffs", "2015")
        return (year, year)
    if isinstance(cutoffs, range):
        if len(cutoffs) == 0:
            raise errors.YearOutOfRangeError(f"cutoffs {cutoffs} is empty")
        # the ends only: a range of 2**32 years is not listed
        first, last = sorted((whole(cutoffs[0], "cutoffs", "2015"), whole(cutoffs[-1], "cutoffs", "2015")))
        return (first, last)
    if isinstance(cutoffs, (tuple, list)) and len(cutoffs) == 2:
        first, last = (whole(y, "cutoffs", "(2010, 2015)") for y in cutoffs)
        if first > last:
            raise errors.YearOutOfRangeError(f"the first cutoff {first} is after the last {last}")
        return (int(first), int(last))
    raise errors.InvalidArgumentError(
        f"cutoffs must be a year, a (first, last) pair or a range of years, not {cutoffs!r}"
    )


def backtest(
    components: Optional[Union[str, Sequence[str]]] = None,
    regions: Union[RegionsArg, Sequence[RegionsArg]] = ("nl", "provincie", "corop", "arbeidsmarktregio"),
    cutoffs: Any = None,
    horizon: int = 10,
    params: Optional[Params] = None,
    data_dir: Optional[Union[str, Path]] = None,
) -> pl.DataFrame:
    """Forecasts every component with a history from past cutoffs, with the
    data of years up to the cutoff only, and scores them against what
    happened, beside the naive (last value) and drift (mean change of the
    last five years) baselines and the official forecast where one was
    published (``tekort backtest``; method and results in ``docs/accuracy.md``).

    Returns a polars frame with one row per ``component, method,
    region_system, region, sector, cutoff, year, horizon`` and the columns
    ``actual``, ``forecast`` and ``kind``, the kind of the actual
    (``measured``: every actual is a measurement of its own year), then the
    Monte Carlo's interval of tekort's pupil and graduate forecasts (in
    closed form) and of its national shortage forecasts (the whole model's
    Monte Carlo from the cutoff, 500 draws, seed 7),
    ``forecast-lo-{level}`` and ``forecast-hi-{level}``. ``components`` is any of
    :data:`BACKTEST_COMPONENTS` (default: all); ``regions`` the region
    systems of the regional components (pupils, staff): names, CSV paths or
    :class:`tekort.Regions`; ``cutoffs`` a year, a ``(first, last)`` pair or
    a ``range`` (default: every cutoff the data allow per component).

    >>> import tekort
    >>> bt = tekort.backtest("pupils", regions="nl", cutoffs=(2010, 2015))
    >>> row = bt.filter((bt["sector"] == "po_bo") & (bt["year"] == 2015) & (bt["method"] == "naive"))
    >>> int(row["actual"][0])  # DUO, 1 October 2015
    1443069
    >>> sorted(set(bt["method"]))
    ['drift', 'naive', 'tekort']
    """
    if components is None:
        comps: list = []
    else:
        comps = names_of(components, "components", "'pupils'")
    if isinstance(regions, (str, Path, Regions)):
        regions = [regions]
    elif isinstance(regions, (bytes, dict)) or not hasattr(regions, "__iter__"):
        raise errors.InvalidArgumentError(
            f"regions must be region system names, CSV paths or tekort.Regions (or a list of them), not {regions!r}"
        )
    systems, frames = [], []
    for r in regions:
        if isinstance(r, Regions):
            systems.append(r.name)
            frames.append(None if r.is_builtin else r._frame)
        elif isinstance(r, (str, Path)):
            systems.append(path_text(r))
            frames.append(None)
        else:
            raise errors.InvalidArgumentError(
                f"regions must be region system names, CSV paths or tekort.Regions, not {r!r}"
            )
    horizon = whole(horizon, "horizon", "10")
    if params is not None and not isinstance(params, Params):
        raise errors.InvalidArgumentError(f"params must be tekort.Params, not {type(params).__name__}")
    stream, notes = _core.backtest(
        components=comps,
        region_systems=systems,
        region_frames=frames,
        cutoffs=_cutoff_range(cutoffs),
        horizon=horizon,
        params=None if params is None else params._to_json(),
        data_dir=None if data_dir is None else path_text(data_dir),
    )
    errors._calibration(notes, stacklevel=2)
    return pl.DataFrame(stream)


_SUMMARY_KEYS = ("component", "region_system", "sector", "method", "horizon")


def backtest_summary(frame: Any) -> Any:
    """Scores a :func:`backtest` frame (or any subset of its rows): one row
    per ``component, region_system, sector, method, horizon`` with
    ``count``, ``mape`` (mean absolute % error), ``median_ape`` and ``bias``
    (mean signed % error; positive means the forecasts were too high).

    Where the frame has interval columns (``forecast-lo-80`` and
    ``forecast-hi-80``, … : tekort's pupil, graduate and national shortage
    forecasts), the summary adds per level a column ``coverage-{level}``,
    the share in % of the actuals that lie inside the interval (bounds
    included), and
    ``coverage_count``, the number of forecasts with an interval and an
    actual it is computed from. A well-sized 80 % interval covers about 80 %
    of the actuals. Rows of methods without intervals (the baselines, the
    components without a Monte Carlo error model) have null there.
    Accepts and returns the same kind of frame: polars, pandas or pyarrow.

    >>> import tekort
    >>> bt = tekort.backtest("pupils", regions="arbeidsmarktregio")
    >>> s = tekort.backtest_summary(bt)
    >>> s = s.filter((s["sector"] == "po_bo") & (s["horizon"] == 5))
    >>> dict(zip(s["method"], s["mape"].round(2)))["drift"]
    4.44
    >>> dict(zip(s["method"], s["coverage-80"]))["drift"] is None  # no interval
    True
    """
    kind = kind_of(frame)
    df = for_core(to_polars(frame, "backtest frame"), "backtest frame")
    summary = pl.DataFrame(_core.backtest_summary(df))
    return like(_with_coverage(summary, df), kind)


def _with_coverage(summary: pl.DataFrame, df: pl.DataFrame) -> pl.DataFrame:
    """``summary`` with the coverage columns of the interval levels ``df``
    has for ``forecast`` (none when it has none)."""
    levels = interval_levels(df.columns, "forecast")
    if not levels:
        return summary
    narrowest_first = sorted(levels.items())
    bounds = [c for _, t in narrowest_first for c in (f"forecast-lo-{t}", f"forecast-hi-{t}")]
    for c in (*bounds, "actual"):
        if not (df.schema[c].is_numeric() or df.schema[c] == pl.Null):
            raise errors.DataError(f"backtest frame: column {c!r} must be numeric, not {df.schema[c]}")
    df = df.with_columns([pl.col(c).cast(pl.Float64) for c in (*bounds, "actual")])
    scored = df.filter(
        pl.col("actual").is_not_null() & ~pl.col("actual").is_nan(),
        *[pl.col(c).is_not_null() & ~pl.col(c).is_nan() for c in bounds],
    )
    coverage = scored.group_by(list(_SUMMARY_KEYS)).agg(
        *[
            (100 * pl.col("actual").is_between(pl.col(f"forecast-lo-{t}"), pl.col(f"forecast-hi-{t}"))
             .mean()).alias(f"coverage-{t}")
            for _, t in narrowest_first
        ],
        pl.len().cast(pl.UInt32).alias("coverage_count"),
    )
    keys = list(_SUMMARY_KEYS)
    coverage = coverage.with_columns([pl.col(k).cast(summary.schema[k]) for k in keys])
    joined = summary.with_row_index("_row").join(coverage, on=keys, how="left")
    return joined.sort("_row").drop("_row")


def accuracy(params: Optional[Params] = None) -> str:
    """The accuracy report as Markdown: the text of ``docs/accuracy.md``
    (``tekort accuracy``), the backtests of every component and the
    calibration of the pupil trend.

    >>> import tekort
    >>> "## Headline" in tekort.accuracy()
    True
    """
    if params is not None and not isinstance(params, Params):
        raise errors.InvalidArgumentError(f"params must be tekort.Params, not {type(params).__name__}")
    return _core.accuracy_markdown(None if params is None else params._to_json())
