"""Figures for analysts: shortage paths, scenario comparisons, regional
rankings, the age structure of the workforce and backtests.

Every function takes a frame from :func:`tekort.forecast` (or, for
:func:`age_pyramid`, :func:`tekort.workforce_by_age`; for :func:`backtest`
and :func:`accuracy_by_horizon`, :func:`tekort.backtest`) as polars, pandas
or pyarrow, draws on ``ax`` when given (otherwise on a new figure) and
returns the matplotlib
:class:`~matplotlib.figure.Figure`. Nothing is shown: call
``fig.savefig(...)``, or let Jupyter display it. A new figure is closed in
pyplot as soon as it is made (``plt.get_fignums()`` stays empty), so a
figure returned as the last expression of a notebook cell is shown once,
not twice; to show one in a window from a script, draw on axes of your own
(``fig, ax = plt.subplots()``, ``ax=ax``) and call ``plt.show()``.

**Measured, estimated, forecast.** A forecast frame's ``kind`` says what a
row's shortage is. The time plots of ``shortage_pct`` and ``shortage_fte``
(:func:`shortage`, :func:`fan`, :func:`scenarios`) ring the points of the
measured years (a total is measured when all its rows are) and give them
the legend entry "measured"; the line runs through the estimated history
years into the forecast, and the history years are shaded. A frame
without ``kind`` is drawn without rings. In :func:`backtest` the actual
values are the measurements, drawn with the same rings.

Sectors may be given as an output sector (``"po_bo"``, ``"po_sbo"``,
``"po_so_vso"``, ``"vo"``, ``"mbo"``) or as the group ``"po"``, which sums
the three po types. Totals over regions and sectors are computed with
:func:`tekort.aggregate`, so percentage columns are recomputed from the
summed numerators and ``employment_fte``, never averaged.

A frame from ``tekort.forecast(..., draws=...)`` carries Monte Carlo
interval columns (``shortage_pct-lo-80`` …). :func:`fan` draws them
around the point (the median of the draws), :func:`shortage` and
:func:`scenarios` add them to a line that is one row per year (one region,
one output sector), and :func:`ranking` draws them as error bars (and,
given the draws, rank probabilities). Bands are never summed:
quantiles do not add up, so a total over regions or po types is drawn
without bands (sum :func:`tekort.simulate` per ``sample_id`` for its
intervals).

Each figure carries the caption ``Bron: DUO / CBS / OCW; model tekort``
once, in its lower right corner (as the figure's ``supxlabel`` when it has
none, so a constrained layout keeps room for it).

Several figures side by side (``fig, axes = plt.subplots(1, 3)`` and
``ax=axes[i]``): a figure without a layout engine gets matplotlib's
constrained layout, and titles too wide for their axes are broken over
lines at " — " and " · " (and set smaller when need be), so the texts of
neighbouring axes do not overlap. A figure with a layout engine of its own
keeps it.

matplotlib is imported only when a function is called
(``pip install matplotlib`` or ``pip install tekort[plot]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union, cast

import polars as pl

from .._evaluate import backtest_summary
from .._frames import ADDITIVE_COLUMNS, RATIO_COLUMNS, aggregate, to_polars, whole
from .._interval_names import DRAWS_SUFFIX
from .._interval_names import INTERVAL as _INTERVAL
from .._interval_names import interval_levels
from ..errors import DataError, InvalidArgumentError
from . import _palette
from ._layout import SOURCE, figure_axes, finish, integer_years, new_figure  # noqa: F401  (SOURCE: tekort.plot.SOURCE)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["shortage", "fan", "scenarios", "ranking", "age_pyramid", "backtest", "accuracy_by_horizon"]

NATIONAL = "Nederland"
"""The label of a total over all regions."""

SectorArg = Union[str, Sequence[str], None]
YearArg = Union[int, Sequence[int], None]

_GROUPS = ("po", "vo", "mbo")

_LABELS: Dict[str, Tuple[str, str]] = {
    "shortage_pct": ("Shortage", "% of employment fte"),
    "vacancy_intensity_pct": ("Vacancy intensity", "% of employment fte"),
    "share_55plus_pct": ("Share aged 55+", "% of employment fte"),
    "shortage_fte": ("Shortage", "fte"),
    "shortage_increment_fte": ("Shortage increment vs base year", "fte"),
    "demand_fte": ("Demand", "fte"),
    "employment_fte": ("Employment", "fte"),
    "vacancies_fte": ("Vacancies", "fte"),
    "hidden_shortage_fte": ("Hidden shortage", "fte"),
    "employment_55plus_fte": ("Employment aged 55+", "fte"),
    "pupils": ("Pupils (1 October)", "pupils"),
    "replacement_requests": ("Replacement requests", "requests per school year"),
    "replacement_unfilled": ("Unfilled replacement requests", "requests per school year"),
    "teachers": ("Teachers", "persons"),
}


# --------------------------------------------------------------------------
# helpers


def _describe(column: str) -> Tuple[str, str]:
    """A title phrase and the unit of a value column."""
    if column in _LABELS:
        return _LABELS[column]
    words = column.replace("_fte", "").replace("_persons", "").replace("_", " ")
    words = words.replace("zij instroom", "zij-instroom")
    unit = "fte" if column.endswith("_fte") else "persons" if column.endswith("_persons") else ""
    return words[:1].upper() + words[1:], unit


def _axis_label(column: str) -> str:
    name, unit = _describe(column)
    return f"{name} ({unit})" if unit else name


def _shown(values: Sequence[Any], limit: int = 12) -> str:
    text = ", ".join(str(v) for v in values[:limit])
    return text + (f", … ({len(values)} in all)" if len(values) > limit else "")


def _frame(frame: Any, needed: Sequence[str], what: str) -> pl.DataFrame:
    df = to_polars(frame, what)
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise DataError(f"the {what} lacks column(s) {missing}; found: {df.columns}")
    if df.height == 0:
        raise DataError(f"the {what} is empty")
    return df


def _check_column(df: pl.DataFrame, column: str, allowed: Sequence[str]) -> None:
    if column not in allowed:
        raise DataError(
            f"column {column!r} is not a value column to plot; use one of: {', '.join(allowed)}"
        )
    if column not in df.columns:
        raise DataError(f"column {column!r} is not in the frame; it has: {', '.join(df.columns)}")


def _present(df: pl.DataFrame, column: str) -> List[Any]:
    return df[column].unique(maintain_order=True).to_list()


def _scenario(df: pl.DataFrame, scenario: Optional[str]) -> str:
    """The requested scenario, or the first one in the frame."""
    names = _present(df, "scenario")
    if scenario is None:
        return str(names[0])
    if scenario not in names:
        raise DataError(f"scenario {scenario!r} is not in the frame; it has: {_shown(names)}")
    return scenario


def _region(df: pl.DataFrame, region: Optional[str]) -> Tuple[pl.DataFrame, str]:
    """Rows of one region, or all rows (the national total) when None."""
    systems = _present(df, "region_system")
    if region is None:
        if len(systems) > 1:
            raise DataError(
                f"the frame mixes region systems ({_shown(systems)}); a national total would "
                "count everyone more than once: filter it to one region system first"
            )
        regions = _present(df, "region")
        return df, str(regions[0]) if len(regions) == 1 else NATIONAL
    names = _present(df, "region")
    if region not in names:
        raise DataError(f"region {region!r} is not in the frame; it has: {_shown(sorted(names))}")
    rows = df.filter(pl.col("region") == region)
    if rows["region_system"].n_unique() > 1:
        raise DataError(
            f"region {region!r} occurs in several region systems "
            f"({_shown(_present(rows, 'region_system'))}); filter the frame to one first"
        )
    return rows, region


def _sectors(df: pl.DataFrame, sector: SectorArg, every: str) -> List[Tuple[str, List[str]]]:
    """Resolves ``sector`` into (label, output sectors) pairs.

    ``None`` means every sector in the frame: one pair per sector group when
    ``every == "groups"``, or a single pair labelled "all sectors" when
    ``every == "sum"``. ``"po"`` (and ``"vo"``, ``"mbo"``) is a group; the
    output sectors are taken as given.
    """
    present = [str(s) for s in _present(df, "sector")]

    def group(s: str) -> str:
        return "po" if s.startswith("po") else s

    if sector is None:
        if every == "sum":
            groups_present = list(dict.fromkeys(group(s) for s in present))
            if len(present) == 1:
                label = present[0]
            elif len(groups_present) == 1:
                label = groups_present[0]
            else:
                label = "all sectors"
            return [(label, present)]
        groups = [g for g in _GROUPS if any(group(s) == g for s in present)]
        groups += [s for s in present if group(s) not in groups]
        return [(g, [s for s in present if group(s) == g]) for g in groups]
    wanted = [sector] if isinstance(sector, str) else list(sector)
    if not wanted:
        raise DataError("sector is an empty list; give a sector such as 'po' or None for all")
    out = []
    for s in wanted:
        if s in present:
            out.append((s, [s]))
        elif s in _GROUPS and any(group(p) == s for p in present):
            out.append((s, [p for p in present if group(p) == s]))
        else:
            raise DataError(f"sector {s!r} is not in the frame; it has: {_shown(present)}")
    return out


def _total(df: pl.DataFrame, label: str, sectors: Sequence[str], by: Sequence[str]) -> pl.DataFrame:
    """The rows of ``sectors`` summed over everything not in ``by`` (ratios recomputed),
    with ``sector`` set to ``label``."""
    rows = df.filter(pl.col("sector").is_in(list(sectors))).with_columns(
        pl.lit(label).alias("sector")
    )
    # Interval columns cannot be summed; aggregate would drop them with a warning.
    rows = rows.drop([c for c in rows.columns if _INTERVAL.match(c)])
    out: pl.DataFrame = aggregate(rows, by=list(dict.fromkeys(["sector", *by])))
    return out


_INTERVAL_COLUMNS = ("pupils", "demand_fte", "employment_fte", "shortage_fte", "shortage_pct")
"""The columns :func:`tekort.forecast` gives intervals for (with ``draws=``)."""


def _levels(df: pl.DataFrame, column: str) -> Dict[float, str]:
    """The interval levels the frame has for ``column`` (both bounds present),
    as level → the level as written in the column names, widest first."""
    return interval_levels(df.columns, column)


def _number_text(level: float) -> str:
    return f"{level:g}"


def _band_alphas(n: int) -> List[float]:
    """The alpha of each band (widest first); the bands overlap, so the
    narrower ones read darker."""
    return [0.16 if n > 1 else 0.25] * n


def _bands(ax: "Axes", rows: pl.DataFrame, column: str, levels: Dict[float, str], color: Any,
           key: Any = "0.45") -> List[Any]:
    """Fills the interval bands of ``column`` (widest first, one
    PolyCollection per level) over the years of ``rows`` (one row per year),
    and returns legend entries for them in the colour ``key``. Observed
    years have bounds equal to the point, so the band has no width
    there; a history year after the last observation (vo employment in
    2024) has its own width."""
    from matplotlib.patches import Patch

    rows = rows.sort("year")
    years = rows["year"].cast(pl.Float64).to_numpy()
    proxies: List[Any] = []
    alphas = _band_alphas(len(levels))
    for i, (level, text) in enumerate(levels.items()):
        lo = rows[f"{column}-lo-{text}"].cast(pl.Float64).fill_null(float("nan")).to_numpy()
        hi = rows[f"{column}-hi-{text}"].cast(pl.Float64).fill_null(float("nan")).to_numpy()
        label = f"{_number_text(level)} % interval"
        ax.fill_between(years, lo, hi, color=color, alpha=alphas[i], linewidth=0, zorder=1.5,
                        label="_nolegend_")
        # the narrower bands lie on the wider ones: their legend entry shows the sum
        shown = 1.0 - (1.0 - alphas[i]) ** (i + 1)
        proxies.append(Patch(facecolor=key, alpha=shown, linewidth=0, label=label))
    return proxies


def _year(df: pl.DataFrame, year: Any) -> int:
    years = sorted(_present(df, "year"))
    try:
        y = whole(year, "year", str(years[-1]))
    except InvalidArgumentError:
        raise InvalidArgumentError(
            f"year {year!r} is not a year; the frame has {years[0]}–{years[-1]}"
        ) from None
    if y not in years:
        raise DataError(f"year {year!r} is not in the frame; it has {_shown(years)}")
    return y


def _number(value: Optional[float], column: str) -> str:
    if value is None:
        return ""
    if column.endswith("_pct"):
        return f"{value:.1f} %"
    return f"{value:,.0f}".replace(",", "\u2009")


_FORECAST_KEYS = ("scenario", "region_system", "region", "sector", "year")
_VALUE_COLUMNS = (*ADDITIVE_COLUMNS, *RATIO_COLUMNS)


# --------------------------------------------------------------------------
# the figures


def _time_axes(fig: "Figure", ax: "Axes", title: str, column: str, legend: str,
               extra: Sequence[Any] = ()) -> "Figure":
    """Common styling of the year-on-x line charts; ``extra`` are legend
    entries for artists that have none of their own (the interval bands)."""
    ax.set_title(title)
    ax.set_xlabel("year (1 October)")
    ax.set_ylabel(_axis_label(column))
    integer_years(ax)
    ax.grid(True, alpha=0.3)
    style: Dict[str, Any] = {"title": legend, "fontsize": "small", "framealpha": 0.85}
    if extra:
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(handles=[*handles, *extra], **style)
    else:
        ax.legend(**style)
    return finish(fig, ax, zero_line=True)


def _shade_history(ax: "Axes", df: pl.DataFrame) -> None:
    """Shades the history years (``period == "history"``, a forecast with
    ``start=``) so the simulated past reads apart from the forecast."""
    if "period" not in df.columns:
        return
    history = df.filter(pl.col("period") == "history")["year"]
    forecast = df.filter(pl.col("period") == "forecast")["year"]
    if history.len() == 0 or forecast.len() == 0:
        return
    ax.axvspan(history.min(), forecast.min(), color="0.92", zorder=0, label="history")


_KIND_COLUMNS = ("shortage_pct", "shortage_fte")
"""The columns the ``kind`` of a forecast row speaks of (what the row's shortage is)."""

_MEASURED_STYLE: Dict[str, Any] = {
    "marker": "o", "markersize": 7.5, "markerfacecolor": "white", "markeredgewidth": 1.8,
    "linestyle": "none",
}  # fmt: skip


def _measured_years(rows: pl.DataFrame, column: str, by: Sequence[str] = ()) -> pl.DataFrame:
    """The ``by`` + ``year`` keys whose rows are all ``kind == "measured"``
    (a total is measured when every part is), for a column the ``kind``
    speaks of; empty for other columns or a frame without ``kind``."""
    keys = [*by, "year"]
    if column not in _KIND_COLUMNS or "kind" not in rows.columns:
        return pl.DataFrame(schema={k: rows.schema[k] for k in keys})
    return (
        rows.group_by(keys, maintain_order=True)
        .agg((pl.col("kind") == "measured").all().alias("_all"))
        .filter(pl.col("_all"))
        .select(keys)
    )


def _mark_measured(ax: "Axes", data: pl.DataFrame, column: str, measured: pl.DataFrame,
                   color: Any) -> bool:
    """Rings the points of ``data`` (one row per year) in the years of
    ``measured`` in ``color``; whether there were any."""
    years = measured["year"].to_list()
    points = data.filter(pl.col("year").is_in(years), pl.col(column).is_not_null()).sort("year")
    if points.height == 0:
        return False
    ax.plot(points["year"].to_list(), points[column].to_list(), color=color, zorder=4,
            label="_nolegend_", **_MEASURED_STYLE)
    return True


def _measured_key() -> Any:
    """The legend entry of the measured points."""
    from matplotlib.lines import Line2D

    return Line2D([], [], color="0.25", label="measured", **_MEASURED_STYLE)


def _series_bands(ax: "Axes", own: pl.DataFrame, column: str, levels: Dict[float, str],
                  color: Any) -> List[Any]:
    """The bands of a series whose rows ``own`` are one per year (one
    region, one output sector): its own quantiles, nothing summed; none
    (and no legend entries) for a sum."""
    if not levels or own.height == 0 or own.height != own["year"].n_unique():
        return []
    return _bands(ax, own, column, levels, color)


def shortage(
    frame: Any,
    region: Optional[str] = None,
    sector: SectorArg = None,
    scenario: Optional[str] = None,
    column: str = "shortage_pct",
    ax: Optional["Axes"] = None,
) -> "Figure":
    """One indicator over the years, one line per sector, for one region and scenario.

    When the frame has interval columns for ``column`` (a forecast with
    ``draws=``), a line that is one row per year (one region, one output
    sector such as ``"po_bo"``) gets its interval bands too, in its own
    colour; a sum (the po group, a total over regions) is drawn without,
    since quantiles do not add up. :func:`fan` draws one series with its
    bands.

    Parameters
    ----------
    frame
        A :func:`tekort.forecast` result (polars, pandas or pyarrow).
    region
        A region of the frame; ``None`` is the total over all regions
        (the national total when the frame covers the whole country).
    sector
        ``None`` draws one line per sector group (po, vo, mbo); a sector
        (``"po"`` sums po_bo, po_sbo and po_so_vso) or a list of them draws
        those.
    scenario
        A scenario of the frame; default the first.
    column
        The value column, e.g. ``"shortage_pct"`` (default),
        ``"shortage_fte"``, ``"vacancy_intensity_pct"``,
        ``"shortage_increment_fte"``.
    ax
        Draw on these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    tekort.errors.DataError
        When the region, a sector, the scenario or the column is not in the frame.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tekort, tekort.plot
    >>> res = tekort.forecast(regions="provincie", until=2030)
    >>> fig = tekort.plot.shortage(res)
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['po', 'vo', 'mbo']
    >>> fig.axes[0].get_title()
    'Shortage — Nederland · scenario baseline'
    >>> past = tekort.plot.shortage(tekort.forecast(regions="nl", start=2021, until=2030))
    >>> [p.get_label() for p in past.axes[0].patches]  # the history years, shaded
    ['history']
    """
    df = _frame(frame, _FORECAST_KEYS, "forecast frame")
    _check_column(df, column, _VALUE_COLUMNS)
    name = _scenario(df, scenario)
    df = df.filter(pl.col("scenario") == name)
    df, where = _region(df, region)
    groups = _sectors(df, sector, "groups")
    lines = [_total(df, label, secs, ("sector", "year")) for label, secs in groups]

    levels = _levels(df, column)

    fig, ax = figure_axes(ax, (8.0, 4.5))
    _shade_history(ax, df)
    proxies: List[Any] = []
    drawn = []
    for (_, secs), data in zip(groups, lines):
        (line,) = ax.plot(data["year"].to_list(), data[column].to_list(), marker="o", markersize=3,
                          label=data["sector"][0])
        own = df.filter(pl.col("sector").is_in(secs))
        proxies = _series_bands(ax, own, column, levels, line.get_color()) or proxies
        drawn.append((data, _measured_years(own, column), line.get_color()))
    # the rings after every line, so that the lines keep their order in ax.get_lines()
    marked = [_mark_measured(ax, data, column, years, color) for data, years, color in drawn]
    keys = [_measured_key()] if any(marked) else []
    title, _ = _describe(column)
    return _time_axes(fig, ax, f"{title} — {where} · scenario {name}", column, "sector",
                      [*keys, *proxies])


def fan(
    frame: Any,
    column: str = "shortage_pct",
    region: Optional[str] = None,
    sector: Optional[str] = None,
    scenario: Optional[str] = None,
    levels: Union[float, Sequence[float], None] = None,
    ax: Optional["Axes"] = None,
) -> "Figure":
    """The point (the median of the draws) of one indicator with its Monte
    Carlo interval bands (a fan chart), for one region, output sector and
    scenario.

    The widest band (95 %) is drawn lightest and the narrower ones (80 %)
    darker on top of it. The history years (a forecast with ``start=``) are
    shaded; where they are observed, their bounds equal the central run and
    the line runs plain, without a band (a year after the last observation,
    such as vo employment in 2025, keeps the width the draws give it). The
    line is the frame's point column, the median of the draws, which lies
    inside every band (the deterministic run is ``{column}-central``).

    Parameters
    ----------
    frame
        A :func:`tekort.forecast` result with ``draws=`` (polars, pandas or
        pyarrow), which has the interval columns ``{column}-lo-{level}`` and
        ``{column}-hi-{level}``.
    column
        ``"shortage_pct"`` (default), ``"shortage_fte"``,
        ``"employment_fte"``, ``"demand_fte"`` or ``"pupils"``.
    region
        A region of the frame; default the frame's only region. Bands of a
        total over regions cannot be summed from regional bands: forecast
        with ``regions="nl"`` (and ``draws=``) for national bands.
    sector
        An output sector of the frame (``"po_bo"``, ``"po_sbo"``,
        ``"po_so_vso"``, ``"vo"``, ``"mbo"``); default the frame's only
        sector. The group ``"po"`` is a sum of three sectors and has no
        bands of its own: sum :func:`tekort.simulate` per ``sample_id``
        and year before taking quantiles.
    scenario
        A scenario of the frame; default the first.
    levels
        A level or a list of levels to draw, e.g. ``80``; default every
        level the frame has for ``column``.
    ax
        Draw on these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    tekort.errors.DataError
        When the frame has no interval columns (forecast without
        ``draws=``), when the region, the sector, the scenario, a level or
        the column is not in the frame, or when the choice would need a sum
        of several rows per year; the message lists what the frame has.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tekort, tekort.plot
    >>> res = tekort.forecast(regions="nl", sector="po_bo", until=2035, draws=200, start=2021)
    >>> fig = tekort.plot.fan(res)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['median of the draws', 'history', 'measured', '95 % interval', '80 % interval']
    >>> fig.axes[0].get_title()
    'Shortage — Nederland · po_bo · scenario baseline'
    """
    df = _frame(frame, _FORECAST_KEYS, "forecast frame")
    if column not in _INTERVAL_COLUMNS:
        raise DataError(
            f"column {column!r} has no Monte Carlo intervals; fan draws one of: "
            f"{', '.join(_INTERVAL_COLUMNS)}"
        )
    _check_column(df, column, _INTERVAL_COLUMNS)
    present = _levels(df, column)
    if not present:
        raise DataError(
            f"the frame has no interval columns for {column!r} (such as '{column}-lo-80'): "
            "call tekort.forecast(..., draws=1000) for a frame with Monte Carlo intervals"
        )
    chosen = _chosen_levels(present, levels, column)
    name = _scenario(df, scenario)
    df = df.filter(pl.col("scenario") == name)
    if region is None:
        names = _present(df, "region")
        if len(names) > 1:
            raise DataError(
                f"the frame has several regions ({_shown(sorted(names))}); choose one with region=. "
                "Bands of their total cannot be summed from the regional bands (quantiles do not "
                "add up): forecast with regions='nl' and draws= for national bands, or sum "
                "tekort.simulate() per sample_id and year before taking quantiles"
            )
    df, where = _region(df, region)
    sec = _one_sector(df, sector)
    rows = df.filter(pl.col("sector") == sec).sort("year")
    if rows.height != rows["year"].n_unique():
        raise DataError(
            f"the frame has several rows per year for {where} · {sec} · scenario {name}; "
            "bands cannot be combined: filter the frame to one series first"
        )

    fig, ax = figure_axes(ax, (8.0, 4.5))
    (line,) = ax.plot(rows["year"].to_list(), rows[column].to_list(), color=_palette.MAIN,
                      marker="o", markersize=3, zorder=3, label="median of the draws")
    _shade_history(ax, rows)
    marked = _mark_measured(ax, rows, column, _measured_years(rows, column), line.get_color())
    proxies = _bands(ax, rows, column, chosen, line.get_color(), key=line.get_color())
    proxies = [_measured_key(), *proxies] if marked else proxies
    title, _ = _describe(column)
    return _time_axes(fig, ax, f"{title} — {where} · {sec} · scenario {name}", column,
                      "Monte Carlo", proxies)


def _chosen_levels(present: Dict[float, str], levels: Any, column: str) -> Dict[float, str]:
    """The requested levels among those present (all when None), widest first."""
    if levels is None:
        return present
    wanted = [levels] if isinstance(levels, (int, float, str)) else list(levels)
    if not wanted:
        raise DataError("levels is an empty list; give levels such as (80, 95) or None for all")
    have = ", ".join(_number_text(x) for x in sorted(present))
    out: Dict[float, str] = {}
    for x in wanted:
        try:
            value = float(x)
        except (TypeError, ValueError):
            raise DataError(f"level {x!r} is not a level; the frame has {have} for {column!r}") from None
        if value not in present:
            raise DataError(f"level {x!r} is not in the frame for {column!r}; it has: {have}")
        out[value] = present[value]
    return dict(sorted(out.items(), reverse=True))


def _one_sector(df: pl.DataFrame, sector: Optional[str]) -> str:
    """One output sector of the frame: bands belong to one row per year."""
    present = [str(s) for s in _present(df, "sector")]
    if sector is None:
        if len(present) == 1:
            return present[0]
        raise DataError(
            f"the frame has several sectors ({_shown(present)}); choose one with sector="
        )
    if not isinstance(sector, str):
        raise DataError(
            f"sector {sector!r}: fan draws one output sector (such as 'po_bo'), not a list; "
            f"the frame has: {_shown(present)}"
        )
    if sector in present:
        return sector
    members = [p for p in present if sector == "po" and p.startswith("po")]
    if len(members) == 1:
        return members[0]
    if members:
        raise DataError(
            f"sector {sector!r} is the sum of {', '.join(members)}, and their bands cannot be "
            "summed (quantiles do not add up): draw one of them (e.g. sector="
            f"{members[0]!r}), or sum tekort.simulate(sector={sector!r}, ...) per sample_id "
            "and year before taking quantiles"
        )
    raise DataError(f"sector {sector!r} is not in the frame; it has: {_shown(present)}")


def scenarios(
    frame: Any,
    region: Optional[str] = None,
    sector: SectorArg = "po",
    column: str = "shortage_fte",
    ax: Optional["Axes"] = None,
) -> "Figure":
    """One indicator over the years, one line per scenario.

    The scenario called ``baseline``, when present, is drawn black and
    dashed so the levers stand out against it. When the frame has interval
    columns for ``column`` (a forecast with ``draws=``) and each scenario's
    line is one row per year (one region, one output sector such as
    ``"po_bo"``), each line gets its interval bands in its own colour; a sum
    (the po group, a total over regions) is drawn without, since quantiles
    do not add up. Measured years are ringed (see the module's notes).

    Parameters
    ----------
    frame
        A :func:`tekort.forecast` result with one or more scenarios.
    region
        A region of the frame; ``None`` is the total over all regions.
    sector
        A sector, the group ``"po"`` (default), a list of them (summed), or
        ``None`` for all sectors summed.
    column
        The value column; default ``"shortage_fte"``.
    ax
        Draw on these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    tekort.errors.DataError
        When the region, a sector or the column is not in the frame.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tekort, tekort.plot
    >>> more = tekort.Scenario("meer zij-instroom", zij_instroom=1.5)
    >>> res = tekort.forecast(regions="nl", sector="po", until=2030,
    ...                       scenarios=[tekort.Scenario.baseline(), more])
    >>> fig = tekort.plot.scenarios(res)
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['baseline', 'meer zij-instroom']
    """
    df = _frame(frame, _FORECAST_KEYS, "forecast frame")
    _check_column(df, column, _VALUE_COLUMNS)
    df, where = _region(df, region)
    groups = _sectors(df, sector, "sum")
    label = " + ".join(g for g, _ in groups)
    secs = [s for _, ss in groups for s in ss]
    data = _total(df, label, list(dict.fromkeys(secs)), ("scenario", "year"))

    levels = _levels(df, column)
    fig, ax = figure_axes(ax, (8.0, 4.5))
    _shade_history(ax, df)
    proxies: List[Any] = []
    drawn = []
    measured = _measured_years(df.filter(pl.col("sector").is_in(secs)), column, ("scenario",))
    for name in _present(df, "scenario"):
        rows = data.filter(pl.col("scenario") == name).sort("year")
        style: Dict[str, Any] = {"marker": "o", "markersize": 3}
        if name == "baseline":
            style = {"color": "black", "linestyle": "--", "linewidth": 2, "zorder": 3}
        (line,) = ax.plot(rows["year"].to_list(), rows[column].to_list(), label=str(name), **style)
        own = df.filter(pl.col("scenario") == name, pl.col("sector").is_in(secs))
        proxies = _series_bands(ax, own, column, levels, line.get_color()) or proxies
        drawn.append((rows, measured.filter(pl.col("scenario") == name), line.get_color()))
    marked = [_mark_measured(ax, rows, column, years, color) for rows, years, color in drawn]
    keys = [_measured_key()] if any(marked) else []
    title, _ = _describe(column)
    return _time_axes(fig, ax, f"{title} — {where} · {label} · by scenario", column, "scenario",
                      [*keys, *proxies])


def _long_draws(df: pl.DataFrame, columns: Sequence[str]) -> Optional[pl.DataFrame]:
    """The draws of ``columns`` one row per draw (with ``sample_id``): a
    :func:`tekort.simulate` frame as it is, the list columns
    ``{column}-draws`` of a forecast exploded (the i-th value of every list
    is draw i); None when the frame has neither."""
    wanted = [c for c in columns if c in df.columns]
    if "sample_id" in df.columns:
        return df.select("region", "sector", "sample_id", *wanted)
    lists = [c for c in columns if f"{c}{DRAWS_SUFFIX}" in df.columns]
    if not lists:
        return None
    for c in lists:
        dtype = df.schema[f"{c}{DRAWS_SUFFIX}"]
        if not isinstance(dtype, pl.List) or not dtype.inner.is_numeric():
            raise DataError(f"column '{c}{DRAWS_SUFFIX}' must be a list of numbers (one per draw), not {dtype}")
    lengths = df.select([pl.col(f"{c}{DRAWS_SUFFIX}").list.len().alias(c) for c in lists])
    if any(lengths[c].n_unique() > 1 for c in lists) or lengths.n_unique() > 1:
        raise DataError(
            f"the draw columns ({', '.join(f'{c}{DRAWS_SUFFIX}' for c in lists)}) hold lists of different "
            "lengths; every row needs one value per draw, in the same draw order"
        )
    return (
        df.select("region", "sector", *[pl.col(f"{c}{DRAWS_SUFFIX}").alias(c) for c in lists])
        .with_columns(pl.int_ranges(0, pl.col(lists[0]).list.len()).alias("sample_id"))
        .explode([*lists, "sample_id"])
        .with_columns([pl.col(c).cast(pl.Float64) for c in lists])
    )


def _region_draws(df: pl.DataFrame, label: str, secs: Sequence[str], column: str) -> Optional[pl.DataFrame]:
    """The value of ``column`` for each region and draw (``region``,
    ``sample_id``, ``value``), summed over ``secs`` with the percentage
    recomputed from the summed draws; None without draws for it."""
    needed = [column] + ([RATIO_COLUMNS[column], "employment_fte"] if column in RATIO_COLUMNS else [])
    long = _long_draws(df, needed)
    if long is None:
        return None
    long = long.filter(pl.col("sector").is_in(list(secs)))
    one_each = long.height == long.select("region", "sample_id").n_unique()
    if column in long.columns and one_each:
        summed = long
    else:
        summed = _total(long, label, secs, ("region", "sample_id"))
        if column not in summed.columns:
            return None
    return summed.select("region", "sample_id", pl.col(column).alias("value")).drop_nulls("value")


def _level_value(level: Any) -> float:
    """An interval level in (0, 100)."""
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise DataError(f"level {level!r} is not a level such as 80") from None
    if not 0 < value < 100:
        raise DataError(f"level {level!r} is not a level between 0 and 100 (such as 80)")
    return value


def _rank_shares(draws: pl.DataFrame, k: int) -> Dict[str, float]:
    """Per region the share of draws (in %) in which it is among the ``k``
    largest values of that draw."""
    ranked = draws.with_columns(
        pl.col("value").rank("ordinal", descending=True).over("sample_id").alias("rank")
    )
    n = draws["sample_id"].n_unique()
    shares = ranked.group_by("region").agg((100 * (pl.col("rank") <= k).sum() / n).alias("share"))
    return dict(zip(shares["region"].to_list(), shares["share"].to_list()))


def ranking(
    frame: Any,
    year: Optional[int] = None,
    sector: SectorArg = "po",
    column: str = "shortage_pct",
    scenario: Optional[str] = None,
    top: Optional[int] = None,
    ax: Optional["Axes"] = None,
    highlight: Union[str, Sequence[str], None] = None,
    level: Optional[float] = None,
    k: Optional[int] = None,
) -> "Figure":
    """Regions as horizontal bars, sorted with the largest value at the top,
    with their intervals as error bars and their rank probabilities when
    the frame allows.

    **Error bars**: a forecast with ``draws=`` has interval columns
    (``shortage_pct-lo-80`` …); a region that is one row (one output
    sector) gets the interval of ``level`` as an error bar. A sum (the po
    group) has none, since quantiles do not add up, unless the draws are
    there (below).

    **Draws**: a :func:`tekort.simulate` frame (one row per draw, column
    ``sample_id``), or a forecast with list columns ``{column}-draws`` (one
    value per draw, the same draw order in every row). The bars are then
    the point column (for a simulate frame: the median of the draws), the
    error bars the quantiles of the draws, also for a sum over sectors (a
    percentage is recomputed in every draw from the summed fte), and each
    bar's label gives the **rank probability**: the share of draws in which
    the region is among the ``k`` largest of that draw ("top 5: 87 %").

    Parameters
    ----------
    frame
        A :func:`tekort.forecast` result of one region system, or a
        :func:`tekort.simulate` result.
    year
        A year of the frame; default the last.
    sector
        A sector, the group ``"po"`` (default), a list of them (summed), or
        ``None`` for all sectors summed.
    column
        The value column; default ``"shortage_pct"``.
    scenario
        A scenario of the frame; default the first.
    top
        Show only the ``top`` largest regions; default all.
    ax
        Draw on these axes instead of a new figure.
    highlight
        A region (or several) to draw in a contrasting colour, e.g. your
        own onderwijsregio.
    level
        The interval level of the error bars, e.g. ``95``; default 80 (or
        the narrowest level of the frame's interval columns).
    k
        The rank probabilities count the draws in which a region is among
        the ``k`` largest; default ``top`` when given, else 5 (at most the
        number of regions).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    tekort.errors.DataError
        When the year, a sector, the scenario, the column, a highlighted
        region or the level is not in the frame, or ``top`` or ``k`` is
        less than 1.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tekort, tekort.plot
    >>> res = tekort.forecast(regions="provincie", sector="po", until=2030)
    >>> fig = tekort.plot.ranking(res, top=5)
    >>> len(fig.axes[0].patches)
    5
    >>> sims = tekort.simulate(regions="provincie", sector="po", until=2030, draws=50)
    >>> fig = tekort.plot.ranking(sims, top=5)
    >>> fig.axes[0].texts[0].get_text().split(" · ")[1]  # doctest: +ELLIPSIS
    'top 5: ... %'
    """
    df = _frame(frame, _FORECAST_KEYS, "forecast frame")
    _check_column(df, column, _VALUE_COLUMNS)
    systems = _present(df, "region_system")
    if len(systems) > 1:
        raise DataError(f"the frame mixes region systems ({_shown(systems)}); filter it to one first")
    name = _scenario(df, scenario)
    df = df.filter(pl.col("scenario") == name)
    y = _year(df, max(_present(df, "year")) if year is None else year)
    df = df.filter(pl.col("year") == y)
    groups = _sectors(df, sector, "sum")
    label = " + ".join(g for g, _ in groups)
    secs = list(dict.fromkeys(s for _, ss in groups for s in ss))
    if top is not None:
        top = whole(top, "top", "10")
        if top < 1:
            raise DataError(f"top must be at least 1, not {top!r}")
    draws = _region_draws(df, label, secs, column)
    present = _levels(df, column)
    chosen: Optional[float] = None
    if draws is not None:
        chosen = 80.0 if level is None else _level_value(level)
    elif present:
        default = 80.0 if 80.0 in present else min(present)
        chosen = default if level is None else next(iter(_chosen_levels(present, level, column)))
    elif level is not None:
        raise DataError(
            f"level {level!r}: the frame has no interval columns for {column!r} (such as "
            f"'{column}-lo-80') and no draws; call tekort.forecast(..., draws=1000)"
        )

    if "sample_id" in df.columns:
        if draws is None:
            raise DataError(f"the simulate frame has no draws of {column!r}; it has: {', '.join(df.columns)}")
        data = draws.group_by("region").agg(pl.col("value").median().alias(column))
    else:
        data = _total(df, label, secs, ("region",))
    data = data.drop_nulls(column).sort([column, "region"], descending=[True, False])
    if top is not None:
        data = data.head(top)
    marked = [highlight] if isinstance(highlight, str) else list(highlight or [])
    regions = data["region"].to_list()
    for r in marked:
        if r not in _present(df, "region"):
            raise DataError(f"highlighted region {r!r} is not in the frame")

    # the interval of each shown region: from the draws, else its own interval columns
    bounds: Dict[str, Tuple[float, float]] = {}
    if draws is not None and chosen is not None:
        tail = (1 - chosen / 100) / 2
        q = draws.group_by("region").agg(pl.col("value").quantile(tail, "linear").alias("lo"),
                                         pl.col("value").quantile(1 - tail, "linear").alias("hi"))
        bounds = {r: (lo, hi) for r, lo, hi in q.iter_rows()}
    elif chosen is not None:
        text = present[chosen]
        own = df.filter(pl.col("sector").is_in(secs))
        if own.height == own["region"].n_unique():  # one row per region: nothing summed
            cols = (f"{column}-lo-{text}", f"{column}-hi-{text}")
            bounds = {r: (lo, hi) for r, lo, hi in own.select("region", *cols).iter_rows()
                      if lo is not None and hi is not None}
    shares: Dict[str, float] = {}
    if draws is not None:
        n_regions = draws["region"].n_unique()
        kk = whole(k, "k", "5") if k is not None else min(top if top is not None else 5, n_regions)
        if kk < 1:
            raise DataError(f"k must be at least 1, not {k!r}")
        shares = _rank_shares(draws, kk)

    n = len(regions)
    fig, ax = figure_axes(ax, (8.0, max(2.5, 0.27 * n + 1.3)))
    values = data[column].to_list()
    colors = [_palette.HIGHLIGHT if r in marked else _palette.MAIN for r in regions]
    bars = ax.barh(range(n), values, color=colors)
    ax.set_yticks(range(n), regions)
    ax.set_ylim(n - 0.5, -0.5)  # largest at the top
    notes: List[str] = []
    if bounds:
        shown = [i for i, r in enumerate(regions) if r in bounds]
        below = [max(values[i] - bounds[regions[i]][0], 0.0) for i in shown]
        above = [max(bounds[regions[i]][1] - values[i], 0.0) for i in shown]
        ax.errorbar([values[i] for i in shown], shown, xerr=[below, above], fmt="none", ecolor="0.15",
                    elinewidth=1.0, capsize=3, zorder=3)
        notes.append(f"bars: median of the draws, whiskers: its {_number_text(chosen or 0)} % interval")
    labels = [_number(v, column) for v in values]
    if shares and draws is not None:
        labels = [f"{t} · top {kk}: {shares.get(r, 0.0):.0f} %" for t, r in zip(labels, regions)]
        notes.append(f"top {kk}: share of {draws['sample_id'].n_unique()} draws in which the region "
                     f"is among the {kk} largest")
    ax.bar_label(bars, labels=labels, padding=2, fontsize="small")
    for note, i in zip(ax.texts[-n:], range(n)):  # the labels after the whiskers' ends
        end = bounds.get(regions[i], (values[i], values[i]))[1]
        if end > values[i]:
            note.xy = (end, note.xy[1])  # type: ignore[attr-defined]  # an Annotation
    ax.margins(x=0.25 if shares else 0.15)
    if min(values, default=0) < 0 < max(values, default=0):
        ax.axvline(0, color="0.55", linewidth=0.8)
    title, _ = _describe(column)
    shown_text = f" · top {n}" if top is not None else ""
    ax.set_title(f"{title} — {label} {y}{shown_text} · scenario {name}")
    ax.set_xlabel("\n".join([_axis_label(column), *notes]))
    ax.grid(True, axis="x", alpha=0.3)
    return finish(fig, ax)


def age_pyramid(
    ages: Any,
    region: Optional[str] = None,
    sector: SectorArg = None,
    year: YearArg = None,
    scenario: Optional[str] = None,
    ax: Optional["Axes"] = None,
    column: str = "teachers",
) -> "Figure":
    """Teachers by single year of age as horizontal bars, for one year or two.

    With two years (``year=[2025, 2035]``) the first is drawn as bars and
    the second as an outline on top, which shows ageing and the hollowing
    out of age groups. The band aged 55 and over (vergrijzing) is shaded.

    Parameters
    ----------
    ages
        A :func:`tekort.workforce_by_age` result (polars, pandas or pyarrow).
    region
        A region of the frame; ``None`` sums all regions.
    sector
        A sector, the group ``"po"``, a list of them (summed), or ``None``
        (default) for every sector in the frame summed.
    year
        A year, or a list of two years to compare; default the first year.
    scenario
        A scenario of the frame; default the first.
    ax
        Draw on these axes instead of a new figure.
    column
        ``"teachers"`` (persons, default) or ``"employment_fte"``.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    tekort.errors.DataError
        When the region, a sector, a year or the scenario is not in the frame.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tekort, tekort.plot
    >>> ages = tekort.workforce_by_age(regions="nl", sector="po", until=2035)
    >>> fig = tekort.plot.age_pyramid(ages, year=[2025, 2035])
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['2025', '2035', 'aged 55+']
    """
    df = _frame(ages, ("scenario", "region_system", "region", "sector", "year", "age"), "workforce_by_age frame")
    _check_column(df, column, ["teachers", "employment_fte"])
    name = _scenario(df, scenario)
    df = df.filter(pl.col("scenario") == name)
    df, where = _region(df, region)
    if year is None:
        years = [min(_present(df, "year"))]
    elif isinstance(year, (int, str)) or not isinstance(year, Sequence):
        years = [_year(df, year)]
    else:
        if not 1 <= len(year) <= 2:
            raise DataError(f"year must be one year or a list of two, not {list(year)!r}")
        years = [_year(df, y) for y in year]
    groups = _sectors(df, sector, "sum")
    label = " + ".join(g for g, _ in groups)
    secs = list(dict.fromkeys(s for _, ss in groups for s in ss))
    data = _total(df.filter(pl.col("year").is_in(years)), label, secs, ("year", "age"))

    fig, ax = figure_axes(ax, (6.5, 7.0))
    first = data.filter(pl.col("year") == years[0]).sort("age")
    handles: List[Any] = [
        ax.barh(first["age"].to_list(), first[column].to_list(), height=1.0, color=_palette.MAIN,
                alpha=0.65, label=str(years[0]))
    ]
    if len(years) == 2:
        second = data.filter(pl.col("year") == years[1]).sort("age")
        ages_ = second["age"].to_list()
        if ages_:
            edges = [a - 0.5 for a in ages_] + [ages_[-1] + 0.5]
            handles.append(ax.stairs(second[column].to_list(), edges, orientation="horizontal",
                                     color="black", linewidth=1.4, label=str(years[1])))
    all_ages = data["age"].to_list()
    low_age, top_age = min(all_ages, default=18), max(all_ages, default=75)
    handles.append(ax.axhspan(54.5, top_age + 0.5, color=_palette.AGED_55PLUS, alpha=0.15, linewidth=0,
                              zorder=0, label="aged 55+"))
    ax.set_ylim(low_age - 0.5, top_age + 0.5)
    _, unit = _describe(column)
    ax.set_xlabel(f"{'Teachers' if column == 'teachers' else 'Employment'} ({unit}) per year of age")
    ax.set_ylabel("age")
    compare = " vs ".join(str(y) for y in years)
    ax.set_title(f"Workforce by age — {where} · {label} · {compare} · scenario {name}")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(handles=handles, loc="upper right", fontsize="small", framealpha=0.85)
    return finish(fig, ax)


_BACKTEST_KEYS = (
    "component", "method", "region_system", "region", "sector",
    "cutoff", "year", "horizon", "actual", "forecast",
)  # fmt: skip

_BACKTEST_LABELS: Dict[str, Tuple[str, str]] = {
    "pupils": ("Pupils", "pupils (1 October)"),
    "births": ("Births", "live births per year"),
    "graduates": ("Teacher-training graduates", "graduates per year"),
    "staff": ("po staff", "persons"),
    "share_55plus": ("Share of po teaching fte aged 55+", "% of teaching fte"),
    "shortage": ("po shortage", "% of employment fte"),
}


_MAPE_HORIZONS = (5, 10)
_MAX_FANS = 7


def _pick(df: pl.DataFrame, column: str, value: Optional[str], fallback: Optional[str],
          what: str, where: str = "") -> str:
    """``value`` when the frame has it; for None the frame's only value, else ``fallback``."""
    present = sorted(str(v) for v in _present(df, column) if v is not None)
    if value is None:
        if len(present) == 1:
            return present[0]
        if fallback is not None and fallback in present:
            return fallback
        raise DataError(
            f"the frame has several {what}s{where} ({_shown(present)}); choose one with {column}="
        )
    if value not in present:
        raise DataError(f"{what} {value!r} is not in the frame{where}; it has: {_shown(present)}")
    return value


def _thinned(cutoffs: Sequence[int]) -> List[int]:
    """Every k-th cutoff from the first, so that at most ``_MAX_FANS`` remain."""
    step = max(1, -(-len(cutoffs) // _MAX_FANS))
    return list(cutoffs[::step])


def _mape_text(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.2f} %"


def backtest(
    frame: Any,
    region: Optional[str] = None,
    sector: Optional[str] = None,
    component: Optional[str] = None,
    cutoffs: YearArg = None,
    method: str = "tekort",
    baselines: Union[str, Sequence[str], None] = ("drift",),
    ax: Optional["Axes"] = None,
    region_system: Optional[str] = None,
) -> "Figure":
    """What happened against what was forecast from past cutoffs, for one
    component, region and sector.

    The actual values (measurements) are drawn as a black line with ringed
    points over all years; from each
    shown cutoff the forecast path ("fan") of ``method`` starts at the
    actual value of the cutoff year, and the ``baselines`` are drawn the
    same way as thin dashed lines. The legend gives each method's MAPE at
    horizons 5 and 10, computed with :func:`tekort.backtest_summary` from
    every cutoff of the frame for this region and sector (not only the
    shown ones); ``–`` where the frame has no forecast that far ahead.

    The actual value of a cutoff year comes from the frame: a later year's
    row, or the naive forecast (which holds the value of the cutoff). When
    neither is in the frame, a fan starts at its first forecast.

    Parameters
    ----------
    frame
        A :func:`tekort.backtest` result (polars, pandas or pyarrow).
    region
        A region of the frame; default the only one, or ``"Nederland"``.
    sector
        A sector of the component (``"po_bo"``, ``"pabo"``, …); default the
        only one, or ``"po_bo"``. Sectors are not summed.
    component
        A component of the frame (``"pupils"``, ``"births"``,
        ``"graduates"``, …); default the only one, or ``"pupils"``.
    cutoffs
        A cutoff year or a list of them to draw fans from; default every
        k-th cutoff of ``method`` from the first, at most seven fans.
    method
        The method whose fans are drawn solid; default ``"tekort"``.
    baselines
        Methods drawn as thin dashed fans (``"naive"``, ``"drift"``,
        ``"official"``); default ``("drift",)``; ``None`` or ``()`` for none.
    ax
        Draw on these axes instead of a new figure.
    region_system
        The region system of ``region``, needed when the frame has the same
        name in several (``"Flevoland"`` is a provincie, a COROP area and an
        arbeidsmarktregio).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    tekort.errors.DataError
        When the component, region system, region, sector, method, a
        baseline or a cutoff is not in the frame, or a choice is ambiguous;
        the message lists what the frame has.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tekort, tekort.plot
    >>> bt = tekort.backtest("pupils", regions="arbeidsmarktregio")
    >>> fig = tekort.plot.backtest(bt, region="Flevoland")
    >>> [t.get_text().split(":")[0] for t in fig.axes[0].get_legend().get_texts()]
    ['actual (measured)', 'tekort', 'drift']
    >>> len(fig.axes[0].get_lines())  # actual + 7 cutoffs × (tekort, drift)
    15
    """
    df = _frame(frame, _BACKTEST_KEYS, "backtest frame")
    comp = _pick(df, "component", component, "pupils", "component")
    df = df.filter(pl.col("component") == comp)
    if region_system is not None:
        system = _pick(df, "region_system", region_system, None, "region system", f" for {comp}")
        df = df.filter(pl.col("region_system") == system)
    where = _pick(df, "region", region, NATIONAL, "region", f" for {comp}")
    rows = df.filter(pl.col("region") == where)
    systems = sorted(str(s) for s in _present(rows, "region_system"))
    if len(systems) > 1:
        raise DataError(
            f"region {where!r} occurs in several region systems ({_shown(systems)}); "
            "choose one with region_system="
        )
    sec = _pick(rows, "sector", sector, "po_bo", "sector", f" for {comp} in {where}")
    rows = rows.filter(pl.col("sector") == sec)
    scope = f" for {comp} · {where} · {sec}"
    main = _pick(rows, "method", method, "tekort", "method", scope)
    if isinstance(baselines, str):
        wanted = [baselines]
    else:
        wanted = list(baselines or [])
    extra: List[str] = []
    for b in wanted:
        name = _pick(rows, "method", b, None, "baseline method", scope)
        if name != main and name not in extra:
            extra.append(name)

    def cutoffs_of(m: str) -> List[int]:
        return sorted(int(c) for c in _present(rows.filter(pl.col("method") == m), "cutoff"))

    available = cutoffs_of(main)
    if cutoffs is None:
        chosen = _thinned(available)
    else:
        given: List[Any] = [cutoffs]
        if isinstance(cutoffs, Sequence) and not isinstance(cutoffs, str):
            given = list(cutoffs)
        if not given:
            raise DataError("cutoffs is an empty list; give cutoff years or None for a selection")
        chosen = []
        for c in given:
            try:
                year = whole(c, "cutoff", str(available[0]) if available else "2015")
            except InvalidArgumentError:
                raise InvalidArgumentError(
                    f"cutoff {c!r} is not a year; the frame has {_shown(available)}"
                ) from None
            if year not in available:
                raise DataError(
                    f"cutoff {c!r} is not in the frame for method {main}{scope}; "
                    f"it has: {_shown(available)}"
                )
            chosen.append(year)
        chosen = sorted(set(chosen))
    fans: Dict[str, List[int]] = {main: chosen}
    for b in extra:
        own = cutoffs_of(b)
        shared = [c for c in chosen if c in own]
        if not shared and cutoffs is not None:
            raise DataError(
                f"baseline {b!r} has no forecast from cutoff(s) {_shown(chosen)}{scope}; "
                f"it has: {_shown(own)}"
            )
        fans[b] = shared or _thinned(own)

    # The actual series: each year's actual, and the cutoff years' values held by naive.
    actual = rows.select("year", "actual").unique("year")
    held = (
        rows.filter(pl.col("method") == "naive")
        .select(pl.col("cutoff").alias("year"), pl.col("forecast").alias("actual"))
        .unique("year")
        .filter(~pl.col("year").is_in(actual["year"].implode()))
    )
    actual = pl.concat([actual, held], how="vertical_relaxed").drop_nulls("actual").sort("year")
    known = dict(zip(actual["year"].to_list(), actual["actual"].to_list()))

    summary = backtest_summary(rows.filter(pl.col("method").is_in(list(fans))))
    mape = {(str(m), int(h)): v for m, h, v in summary.select("method", "horizon", "mape").iter_rows()}

    fig, ax = figure_axes(ax, (8.0, 4.5))
    # the actuals are measurements: the line with the rings of the measured points
    rings = {k: v for k, v in _MEASURED_STYLE.items() if k != "linestyle"}
    ax.plot(actual["year"].to_list(), actual["actual"].to_list(), color="black", linewidth=2,
            zorder=3, label="actual (measured)", **{**rings, "markersize": 5.5, "markeredgewidth": 1.4})
    for m, years in fans.items():
        style: Dict[str, Any] = {"color": _palette.METHODS.get(m, _palette.OTHER_METHOD), "linewidth": 1.4,
                                 "marker": "o", "markersize": 3.5, "markevery": [0]}
        if m != main:
            style.update(linewidth=0.9, linestyle="--", alpha=0.9)
        scores = ", ".join(f"{_mape_text(mape.get((m, h)))} (h = {h})" for h in _MAPE_HORIZONS)
        label = f"{m}: MAPE {scores}"
        for c in years:
            path = rows.filter(pl.col("method") == m, pl.col("cutoff") == c).sort("year")
            xs, ys = path["year"].to_list(), path["forecast"].to_list()
            if c in known:
                xs, ys = [c, *xs], [known[c], *ys]
            ax.plot(xs, ys, label=label, **style)
            label = "_nolegend_"

    title, unit = _BACKTEST_LABELS.get(comp, (comp[:1].upper() + comp[1:], ""))
    system = systems[0] if systems else ""
    place = where if system in ("", "nl") else f"{where} ({system})"
    what = "" if sec == "all" else f" · {sec}"
    ax.set_title(f"Backtest: {title} — {place}{what}")
    ax.set_xlabel("year")
    ax.set_ylabel(unit)
    if not unit.startswith("%"):
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}".replace(",", "\u2009")))
    integer_years(ax)
    ax.grid(True, alpha=0.3)
    shown = ", ".join(str(c) for c in chosen)
    ax.legend(title=f"fans from {shown}; MAPE over all cutoffs", fontsize="small",
              title_fontsize="small", framealpha=0.85)
    return finish(fig, ax)


_SUMMARY_KEYS = ("component", "region_system", "sector", "method", "horizon", "mape")
_COVERAGE = "coverage-"
_LEVEL_COLORS = (_palette.BLUE, _palette.SKY_BLUE, _palette.PURPLE, _palette.GREEN)
"""The coverage lines, narrowest level first."""


def _coverage_levels(df: pl.DataFrame) -> Dict[float, str]:
    """The levels of the summary's ``coverage-{level}`` columns that have a
    value, as level → the level as written, narrowest first."""
    out: Dict[float, str] = {}
    for c in df.columns:
        text = c[len(_COVERAGE):]
        if c.startswith(_COVERAGE) and df[c].drop_nulls().len() > 0:
            try:
                out[float(text)] = text
            except ValueError:
                continue
    return dict(sorted(out.items()))


def _horizon_axes(fig: "Figure", ax: "Axes", heading: str, ylabel: str, **legend: Any) -> None:
    """The styling of a panel with the horizon on x (from 0 up)."""
    ax.set_title(heading)
    ax.set_xlabel("horizon (years after the cutoff)")
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    integer_years(ax)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", framealpha=0.85, **legend)
    finish(fig, ax)


def accuracy_by_horizon(
    frame: Any,
    component: Optional[str] = None,
    sector: Optional[str] = None,
    region_system: Optional[str] = None,
    methods: Union[str, Sequence[str], None] = None,
    ax: Union["Axes", Sequence["Axes"], None] = None,
) -> "Figure":
    """How far off the forecasts were by horizon: the MAPE of each method
    against the horizon and, where the forecasts have intervals, their
    coverage against the horizon, for one component, region system and
    sector.

    The left panel has one line per method (mean absolute % error, as
    :func:`tekort.backtest_summary` computes it over every cutoff). The
    right panel, drawn when the frame has coverage (tekort's pupil and
    graduate forecasts have 80 % and 95 % intervals), has per level and
    method the share of actuals inside the interval, with the nominal
    level as a dashed line in the same colour: a line under its dashes
    means intervals too narrow at that horizon, over them too wide.

    Parameters
    ----------
    frame
        A :func:`tekort.backtest` frame (scored here with
        :func:`tekort.backtest_summary`) or a summary of one (polars,
        pandas or pyarrow).
    component
        A component of the frame; default the only one, or ``"pupils"``.
    sector
        A sector of the component; default the only one, or ``"po_bo"``.
    region_system
        A region system of the component; default the only one, or ``"nl"``.
    methods
        A method or a list of them; default every method of the frame.
    ax
        Draw on these axes instead of a new figure: one axes for the MAPE
        panel only, or two (``plt.subplots(1, 2)[1]``) for both.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    tekort.errors.DataError
        When the frame is neither a backtest frame nor its summary, or the
        component, region system, sector or a method is not in it, or a
        choice is ambiguous; the message lists what the frame has.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import tekort, tekort.plot
    >>> bt = tekort.backtest("pupils", regions="nl")
    >>> fig = tekort.plot.accuracy_by_horizon(bt)
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['tekort', 'naive', 'drift']
    >>> [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    ['tekort, 80 % interval', '80 % nominal', 'tekort, 95 % interval', '95 % nominal']
    """
    df = to_polars(frame, "backtest frame")
    if "actual" in df.columns and "mape" not in df.columns:
        df = to_polars(backtest_summary(_frame(df, _BACKTEST_KEYS, "backtest frame")), "backtest summary")
    df = _frame(df, _SUMMARY_KEYS, "backtest summary (or backtest frame)")
    comp = _pick(df, "component", component, "pupils", "component")
    df = df.filter(pl.col("component") == comp)
    system = _pick(df, "region_system", region_system, "nl", "region system", f" for {comp}")
    df = df.filter(pl.col("region_system") == system)
    sec = _pick(df, "sector", sector, "po_bo", "sector", f" for {comp} ({system})")
    df = df.filter(pl.col("sector") == sec)
    scope = f" for {comp} · {system} · {sec}"
    present = [str(m) for m in _present(df, "method")]
    if methods is None:
        chosen = sorted(present, key=lambda m: (m != "tekort", present.index(m)))
    else:
        wanted = [methods] if isinstance(methods, str) else list(methods)
        if not wanted:
            raise DataError("methods is an empty list; give methods such as 'tekort' or None for all")
        chosen = [_pick(df, "method", m, None, "method", scope) for m in dict.fromkeys(wanted)]
    df = df.filter(pl.col("method").is_in(chosen))
    levels = _coverage_levels(df)

    panels: List[Any]
    if ax is None:
        fig, panels = new_figure((11.0, 4.2) if levels else (7.0, 4.2), 2 if levels else 1)
    else:
        # one axes, or a pair (a list, a tuple, the array of plt.subplots)
        given: List[Any] = [ax] if hasattr(ax, "plot") else list(cast(Sequence[Any], ax))
        if not 1 <= len(given) <= 2:
            raise DataError(f"ax must be one axes or two, not {len(given)}")
        fig, first = figure_axes(given[0], (7.0, 4.2))
        panels = [first, *(figure_axes(a, (7.0, 4.2))[1] for a in given[1:])]
    title, _ = _BACKTEST_LABELS.get(comp, (comp[:1].upper() + comp[1:], ""))
    place = f"{system} · {sec}"

    mape_ax = panels[0]
    for m in chosen:
        rows = df.filter(pl.col("method") == m).sort("horizon")
        style: Dict[str, Any] = {"color": _palette.METHODS.get(m, _palette.OTHER_METHOD), "marker": "o",
                                 "markersize": 3.5, "linewidth": 1.8 if m == "tekort" else 1.2}
        mape_ax.plot(rows["horizon"].to_list(), rows["mape"].to_list(), label=m, **style)
    _horizon_axes(fig, mape_ax, f"MAPE by horizon: {title} — {place}", "MAPE (% of the actual)",
                  title="method", title_fontsize="small")

    if len(panels) == 2 and levels:
        cov_ax = panels[1]
        for i, (level, text) in enumerate(levels.items()):
            color = _LEVEL_COLORS[i % len(_LEVEL_COLORS)]
            for m in chosen:
                rows = df.filter(pl.col("method") == m).drop_nulls(f"{_COVERAGE}{text}").sort("horizon")
                if rows.height == 0:
                    continue
                cov_ax.plot(rows["horizon"].to_list(), rows[f"{_COVERAGE}{text}"].to_list(), color=color,
                            marker="o", markersize=3.5, label=f"{m}, {_number_text(level)} % interval")
            cov_ax.axhline(level, color=color, linestyle="--", linewidth=1.0,
                           label=f"{_number_text(level)} % nominal")
        cov_ax.set_ylim(0, 105)
        _horizon_axes(fig, cov_ax, f"Interval coverage by horizon: {title} — {place}",
                      "actuals inside the interval (%)", loc="lower left")
    return fig
