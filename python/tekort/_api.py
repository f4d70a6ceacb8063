"""The projection functions."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import polars as pl

from . import _core, errors
from ._frames import kind_of, like, names, optional_whole, path_text, to_polars, whole
from .params import Params
from .regions import Regions
from .scenario import Scenario

__all__ = [
    "forecast",
    "simulate",
    "workforce_by_age",
    "aggregate",
    "collapse_sectors",
    "save",
    "validation",
    "backtest",
    "backtest_summary",
    "accuracy",
    "BACKTEST_COMPONENTS",
    "ADDITIVE_COLUMNS",
    "RATIO_COLUMNS",
]

RegionsArg = Union[str, Path, Regions]
DemographyArg = Any
"""``"low"``, ``"medium"``, ``"high"``, a CSV path, or a frame of births."""
SectorArg = Union[str, Sequence[str]]

RATIO_COLUMNS = {
    "shortage_pct": "shortage_fte",
    "vacancy_intensity_pct": "vacancies_fte",
    "share_55plus_pct": "employment_55plus_fte",
}
"""Percentage columns and their numerators; the denominator is always ``employment_fte``."""

KEY_COLUMNS = ("scenario", "region_system", "region", "sector", "year", "period")

ADDITIVE_COLUMNS = (
    "pupils", "demand_fte", "employment_fte", "shortage_fte", "shortage_increment_fte",
    "vacancies_fte", "hidden_shortage_fte", "replacement_requests", "replacement_unfilled",
    "teachers", "employment_55plus_fte", "inflow_fte", "inflow_graduates_fte",
    "inflow_zij_instroom_fte", "inflow_returners_fte", "inflow_movers_fte", "outflow_fte",
    "outflow_retirement_fte", "outflow_attrition_fte", "outflow_death_disability_fte",
    "outflow_movers_fte", "inflow_persons", "outflow_persons", "openings_fte", "reserve_persons",
    "inflow_residual_fte",
)  # fmt: skip
"""Columns whose totals are sums (counts and fte)."""


def _call(
    regions: RegionsArg,
    sector: SectorArg,
    until: int,
    scenarios: Optional[Sequence[Scenario]],
    params: Optional[Params],
    data_dir: Optional[Union[str, Path]],
    ages: bool,
    demography: DemographyArg = "medium",
    start: Optional[int] = None,
    pupils: Any = None,
    draws: Optional[int] = None,
    seed: int = 7,
    levels: Sequence[float] = (80, 95),
    samples: bool = False,
    runs: Optional[int] = None,
    tenure: bool = True,
    uncertainty: bool = True,
    indicators: bool = False,
    target_year: int = 2030,
    target_shortage_pct: float = 0.0,
    report_region: Optional[str] = None,
    lang: str = "nl",
    report_out: Optional[str] = None,
) -> pl.DataFrame:
    # A built-in name or a CSV path: the Rust side resolves both.
    if isinstance(regions, Regions):
        name, frame = regions.name, (None if regions.is_builtin else regions._frame)
    elif isinstance(regions, (str, Path)):
        name, frame = path_text(regions), None
    else:
        raise TypeError(
            f"regions must be a region system name, a CSV path or tekort.Regions, not {type(regions).__name__}"
        )
    # sector=None is every sector; one name is a list of one.
    sectors = ["all"] if sector is None else names(sector, "sector", "'po'")
    until = 2040 if until is None else whole(until, "until", "2030")
    if scenarios is None:
        scenarios = [Scenario.baseline()]
    elif isinstance(scenarios, Scenario):
        scenarios = [scenarios]
    scenarios = list(scenarios)
    if not scenarios:
        raise errors.InvalidScenarioError(
            "scenarios is an empty list: give at least one scenario, e.g. "
            "scenarios=[tekort.Scenario.baseline()] (or leave scenarios out for the baseline)"
        )
    for s in scenarios:
        if not isinstance(s, Scenario):
            raise TypeError(f"scenarios must be tekort.Scenario objects, not {type(s).__name__}")
    if params is not None and not isinstance(params, Params):
        raise TypeError(f"params must be tekort.Params, not {type(params).__name__}")
    if isinstance(demography, (str, Path)):
        demography_name, births_frame = path_text(demography), None
    else:
        demography_name, births_frame = "births frame", to_polars(demography, "births frame")
    stream, notes, implausible = _core.forecast(
        region_system=name,
        region_frame=frame,
        sectors=sectors,
        until=until,
        scenarios=[s._to_json() for s in scenarios],
        params=None if params is None else params._to_json(),
        data_dir=None if data_dir is None else path_text(data_dir),
        ages=ages,
        demography=demography_name,
        births_frame=births_frame,
        start=optional_whole(start, "start", "2021"),
        pupils_path=path_text(pupils) if isinstance(pupils, (str, Path)) else None,
        pupils_frame=None if pupils is None or isinstance(pupils, (str, Path)) else to_polars(pupils, "pupils frame"),
        draws=draws,
        seed=seed,
        levels=[float(x) for x in levels],
        samples=samples,
        runs=runs,
        tenure=tenure,
        uncertainty=uncertainty,
        indicators=indicators,
        target_year=target_year,
        target_shortage_pct=target_shortage_pct,
        report_region=report_region,
        lang=lang,
        report_out=report_out,
    )
    errors._calibration(notes, stacklevel=3)
    errors._plausibility(implausible, stacklevel=3)
    return pl.DataFrame(stream)


def _check_mc(draws: Any, seed: Any, level: Any) -> tuple:
    draws = optional_whole(draws, "draws", "1000")
    if draws is not None and draws < 1:
        raise errors.InvalidValueError(f"invalid value for draws: {draws} (at least 1 draw is needed)")
    seed = whole(seed, "seed", "7")
    if seed < 0:
        raise errors.InvalidArgumentError(f"seed must be a whole number >= 0, not {seed!r}")
    import numbers

    one = isinstance(level, numbers.Real) and not isinstance(level, bool)
    levels = [level] if one else list(level) if isinstance(level, (list, tuple, range)) else [level]
    for x in levels:
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise errors.InvalidArgumentError(f"level must be a percentage such as 80 or a list of them, not {x!r}")
    levels = [float(x) for x in levels]
    return draws, seed, levels


def forecast(
    regions: RegionsArg = "arbeidsmarktregio",
    sector: SectorArg = "all",
    until: int = 2040,
    scenarios: Optional[Sequence[Scenario]] = None,
    params: Optional[Params] = None,
    data_dir: Optional[Union[str, Path]] = None,
    demography: DemographyArg = "medium",
    start: Optional[int] = None,
    pupils: Any = None,
    draws: Optional[int] = None,
    level: Union[float, Sequence[float]] = (80, 95),
    seed: int = 7,
) -> pl.DataFrame:
    """Projects the teacher labour market from the base year to ``until``.

    Returns a tidy polars DataFrame with one row per ``scenario,
    region_system, region, sector, year`` and the columns documented in the
    README (the same as ``tekort forecast --out``). The engine runs with the
    GIL released, so forecasts in a thread pool run in parallel. Unlike the
    CLI, the baseline is not added for you: pass ``Scenario.baseline()`` in
    ``scenarios`` to compare against it. Where an input had to be filled
    in (a region without a measurement), a
    :class:`tekort.errors.CalibrationWarning` says so.

    The labour market runs on the 35 arbeidsmarktregio's whatever
    ``regions`` is; results are carried to municipalities and summed, so
    the national totals are the same under every region system.

    Parameters
    ----------
    regions
        ``"nl"``, ``"provincie"``, ``"corop"``, ``"arbeidsmarktregio"``, a
        CSV path (``gemeentecode,region``) or a :class:`tekort.Regions`.
    sector
        ``"po"``, ``"po_bo"``, ``"po_sbo"``, ``"po_so_vso"``, ``"vo"``,
        ``"mbo"``, ``"all"``, or a list of them; ``None`` is ``"all"``.
        ``"po"`` gives its three types (po_bo, po_sbo, po_so_vso):
        :func:`collapse_sectors` sums them into one sector ``po``.
    until
        Last year, at most 2075; ``None`` is the default 2040. Every
        whole-number argument (``until``, ``start``, ``draws``, ``seed``)
        takes Python or numpy integers and whole floats such as ``2030.0``;
        a fraction, a bool or a text raises
        :class:`tekort.errors.InvalidArgumentError` naming the argument.
    scenarios
        Scenarios to run side by side; default the baseline only.
    params
        A :class:`tekort.Params`; default the documented defaults.
    data_dir
        A directory with the dataset tables instead of the embedded copy.
    demography
        Births after the last observed year (2023): ``"medium"`` (CBS
        Bevolkingsprognose 2023 levels with the UN WPP 2024 yearly shape),
        ``"low"`` or ``"high"`` (the WPP fertility band), a CSV path, or a
        frame (polars, pandas, pyarrow) with ``year, births`` (national) or
        ``gemeentecode, year, births`` (every municipality) up to
        ``until - 4``.
    start
        First year of the output; default the base year. An earlier year
        (down to 2021, the first shortage measurement) adds the history
        run: rows with ``period == "history"`` that follow the observed
        employment and reproduce the measured shortages.
    pupils
        Your own pupil forecast, a frame or CSV path with ``region, sector,
        year, pupils`` for regions of ``regions`` (sector ``po``,
        ``po_bo``, …, ``vo``, ``mbo``); it replaces the model's pupils after
        the base year, and demand follows.
    draws
        Monte Carlo draws (e.g. 1000): adds interval columns in the Nixtla
        style, ``{column}-lo-{level}`` and ``{column}-hi-{level}``, for
        ``pupils``, ``demand_fte``, ``employment_fte``, ``shortage_fte`` and
        ``shortage_pct`` (ratios per draw). The other columns stay the
        central, deterministic run. What is drawn: ``docs/method.md``.
    level
        Interval level(s) in %, default 80 and 95.
    seed
        Seed of the draws: the same seed gives the same result, bit for
        bit, on any number of threads.

    >>> import tekort
    >>> res = tekort.forecast(regions="provincie", sector="vo", until=2030)
    >>> res.shape[0]  # 12 provinces × 6 years
    72
    >>> nl = tekort.forecast(regions="nl", sector="vo", until=2030)
    >>> bool(abs(res.filter(res["year"] == 2030)["shortage_fte"].sum()
    ...          - nl.filter(nl["year"] == 2030)["shortage_fte"].sum()) < 1e-6)
    True
    """
    draws, seed, levels = _check_mc(draws, seed, level)
    if draws is None and [float(x) for x in levels] != [80.0, 95.0]:
        raise errors.InvalidValueError(
            "invalid value for level: interval levels need Monte Carlo draws (add draws=1000)"
        )
    return _call(
        regions,
        sector,
        until,
        scenarios,
        params,
        data_dir,
        ages=False,
        demography=demography,
        start=start,
        pupils=pupils,
        draws=draws,
        seed=seed,
        levels=levels,
    )


def simulate(
    regions: RegionsArg = "arbeidsmarktregio",
    sector: SectorArg = "all",
    until: int = 2040,
    scenarios: Optional[Sequence[Scenario]] = None,
    params: Optional[Params] = None,
    data_dir: Optional[Union[str, Path]] = None,
    demography: DemographyArg = "medium",
    start: Optional[int] = None,
    pupils: Any = None,
    draws: int = 1000,
    seed: int = 7,
) -> pl.DataFrame:
    """Every Monte Carlo draw, for your own statistics: one row per
    ``sample_id, scenario, region_system, region, sector, year`` with the
    draw's ``pupils``, ``demand_fte``, ``employment_fte``, ``shortage_fte``
    and ``shortage_pct``. The arguments are those of :func:`forecast`; the
    draws are the ones ``forecast(draws=..., seed=...)`` takes its
    intervals from. Sum over regions per ``sample_id`` before taking
    quantiles: quantiles do not add up.

    >>> import tekort, polars as pl
    >>> sims = tekort.simulate(regions="nl", sector="vo", until=2030, draws=50)
    >>> sims["sample_id"].n_unique()
    50
    >>> nat = sims.filter(pl.col("year") == 2030)["shortage_pct"]
    >>> bool(nat.quantile(0.1) < nat.quantile(0.9))
    True
    """
    draws, seed, _ = _check_mc(draws, seed, (80,))
    return _call(
        regions,
        sector,
        until,
        scenarios,
        params,
        data_dir,
        ages=False,
        demography=demography,
        start=start,
        pupils=pupils,
        draws=draws,
        seed=seed,
        samples=True,
    )


def microsim(
    regions: RegionsArg = "arbeidsmarktregio",
    sector: SectorArg = "all",
    until: int = 2040,
    scenarios: Optional[Sequence[Scenario]] = None,
    params: Optional[Params] = None,
    data_dir: Optional[Union[str, Path]] = None,
    demography: DemographyArg = "medium",
    start: Optional[int] = None,
    pupils: Any = None,
    runs: int = 100,
    level: Union[float, Sequence[float]] = (80, 95),
    seed: int = 7,
    tenure: bool = True,
    uncertainty: bool = True,
    samples: bool = False,
) -> pl.DataFrame:
    """The individual-level microsimulation: every teacher a record (age,
    region, sector, years of service, hours, qualified), yearly events drawn
    from the same rates as :func:`forecast` uses, with what a cohort model
    cannot do: leaving that depends on years of service (``tenure``) and
    individual changes of working hours.

    Returns the forecast's columns as the **mean over** ``runs`` runs, with
    interval columns (``shortage_pct-lo-80``, …) from the runs; with
    ``samples=True`` every run instead, with a ``sample_id`` column, as
    :func:`simulate` gives. ``uncertainty=True`` also draws the parameters
    and past pupil and graduate errors per run, as the Monte Carlo does;
    ``False`` leaves only the events of the records. Same ``seed``, same
    result on any number of threads. The other arguments are those of
    :func:`forecast`.

    >>> import tekort, polars as pl
    >>> m = tekort.microsim(regions="nl", sector="vo", until=2028, runs=4)
    >>> "shortage_pct-lo-80" in m.columns
    True
    >>> row = m.filter(pl.col("year") == 2028).row(0, named=True)
    >>> bool(row["shortage_fte-lo-80"] <= row["shortage_fte-hi-80"])
    True
    """
    runs = whole(runs, "runs", "100")
    if runs < 1:
        raise errors.InvalidValueError(f"invalid value for runs: {runs} (at least 1 run is needed)")
    _, seed, levels = _check_mc(None, seed, level)
    for name, flag in (("tenure", tenure), ("uncertainty", uncertainty), ("samples", samples)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, not {flag!r}")
    return _call(
        regions,
        sector,
        until,
        scenarios,
        params,
        data_dir,
        ages=False,
        demography=demography,
        start=start,
        pupils=pupils,
        seed=seed,
        levels=levels,
        samples=samples,
        runs=runs,
        tenure=tenure,
        uncertainty=uncertainty,
    )


def indicators(
    regions: RegionsArg = "arbeidsmarktregio",
    sector: SectorArg = "all",
    until: int = 2040,
    scenarios: Optional[Sequence[Scenario]] = None,
    params: Optional[Params] = None,
    data_dir: Optional[Union[str, Path]] = None,
    demography: DemographyArg = "medium",
    start: Optional[int] = None,
    pupils: Any = None,
    target_year: int = 2030,
    target_shortage_pct: float = 0.0,
    draws: Optional[int] = None,
    seed: int = 7,
) -> pl.DataFrame:
    """Monitoring indicators for every region and the nation (as ``tekort
    monitor``): a tidy frame with one row per ``scenario, region_system,
    region, sector, indicator, year`` and ``value``, ``unit`` and ``kind``
    (``measured``, ``estimated``, ``forecast``). The projection includes
    the history run (from the first shortage measurement) unless ``start``
    says otherwise. Among the indicators: pupils and their change, po staff,
    the shortage % with rank and distance to the nation, vacancy intensity,
    replacement requests, the 55+ share, the inflow mix and the outflow by
    reason, and the **required inflow** (``required_inflow_fte`` =
    ``..._replacement_fte`` + ``..._demand_change_fte`` + ``..._gap_fte``):
    hires per year to reach ``target_shortage_pct`` in ``target_year``.
    With ``draws``, a Monte Carlo adds the forecast's interval as the
    indicators ``shortage_pct_lo_80``, ``shortage_pct_hi_80``,
    ``shortage_pct_lo_95`` and ``shortage_pct_hi_95``. Every indicator is
    defined in ``docs/indicators.md``.

    >>> import tekort, polars as pl
    >>> ind = tekort.indicators(regions="provincie", sector="po", until=2030)
    >>> need = ind.filter((pl.col("region") == "Nederland") & (pl.col("indicator") == "required_inflow_fte"))
    >>> need["year"].to_list(), bool(need["value"][0] > 0)
    ([2030], True)
    """
    target_year = whole(target_year, "target_year", "2030")
    if isinstance(target_shortage_pct, bool) or not isinstance(target_shortage_pct, (int, float)):
        raise TypeError(f"target_shortage_pct must be a number (a % of employment), not {target_shortage_pct!r}")
    draws, seed, _ = _check_mc(draws, seed, (80,))
    return _call(
        regions,
        sector,
        until,
        scenarios,
        params,
        data_dir,
        ages=False,
        demography=demography,
        start=start,
        pupils=pupils,
        draws=draws,
        seed=seed,
        indicators=True,
        target_year=target_year,
        target_shortage_pct=float(target_shortage_pct),
    )


def report(
    regions: RegionsArg,
    region: str,
    out: Optional[Union[str, Path]] = None,
    lang: str = "nl",
    sector: SectorArg = "all",
    until: int = 2040,
    scenarios: Optional[Sequence[Scenario]] = None,
    params: Optional[Params] = None,
    data_dir: Optional[Union[str, Path]] = None,
    demography: DemographyArg = "medium",
    pupils: Any = None,
    target_year: int = 2030,
    target_shortage_pct: float = 0.0,
    draws: int = 200,
    seed: int = 7,
) -> str:
    """The regional report of ``region`` (as ``tekort report``): one
    self-contained HTML page, in Dutch (``lang="nl"``) or English
    (``"en"``), with the key figures beside the nation, history and
    forecast with Monte Carlo bands (``draws``; 0 for none), inflow and
    outflow, the age structure, the required inflow to reach
    ``target_shortage_pct`` by ``target_year``, the scenarios side by side,
    and the sources and caveats. Returns the HTML; with ``out`` also writes
    it there, atomically (the whole file or none).

    >>> import tekort
    >>> html = tekort.report("provincie", "Flevoland", draws=0, until=2035)
    >>> html.startswith("<!DOCTYPE html>") and 'id="wervingsopgave"' in html
    True
    """
    if not isinstance(region, str):
        raise TypeError(f"region must be a region name, not {region!r}")
    target_year = whole(target_year, "target_year", "2030")
    draws = whole(draws, "draws", "200")
    draws, seed, _ = _check_mc(draws if draws else None, seed, (80,))
    frame = _call(
        regions,
        sector,
        until,
        scenarios,
        params,
        data_dir,
        ages=False,
        demography=demography,
        pupils=pupils,
        draws=draws if draws else 0,
        seed=seed,
        indicators=False,
        target_year=target_year,
        target_shortage_pct=float(target_shortage_pct),
        report_region=region,
        lang=lang,
        report_out=None if out is None else path_text(out),
    )
    html = str(frame["html"][0])
    return html


def workforce_by_age(
    regions: RegionsArg = "arbeidsmarktregio",
    sector: SectorArg = "all",
    until: int = 2040,
    scenarios: Optional[Sequence[Scenario]] = None,
    params: Optional[Params] = None,
    data_dir: Optional[Union[str, Path]] = None,
    demography: DemographyArg = "medium",
    start: Optional[int] = None,
    pupils: Any = None,
) -> pl.DataFrame:
    """The projected workforce by single year of age: one row per
    ``scenario, region_system, region, sector, year, age`` with ``teachers``
    (persons) and ``employment_fte``. Same arguments as :func:`forecast`.

    >>> import tekort
    >>> ages = tekort.workforce_by_age(regions="nl", sector="po_bo", until=2026)
    >>> sorted(ages.columns)[:3]
    ['age', 'employment_fte', 'period']
    """
    return _call(
        regions,
        sector,
        until,
        scenarios,
        params,
        data_dir,
        ages=True,
        demography=demography,
        start=start,
        pupils=pupils,
    )


def _sector_group() -> pl.Expr:
    return (
        pl.when(pl.col("sector").str.starts_with("po"))
        .then(pl.lit("po"))
        .otherwise(pl.col("sector"))
        .alias("sector_group")
    )


def aggregate(frame: Any, by: Sequence[str] = ("scenario", "region_system", "sector_group", "year")) -> Any:
    """Sums a forecast over everything not in ``by`` and recomputes the
    percentage columns from the sums (denominator ``employment_fte``).

    ``by`` may name any key column and ``"sector_group"`` (po, vo, mbo).
    Accepts and returns the same kind of frame: polars, pandas or pyarrow.

    >>> import tekort
    >>> res = tekort.forecast(regions="provincie", until=2027)
    >>> nat = tekort.aggregate(res)
    >>> nat.filter(nat["year"] == 2025).sort("sector_group")["shortage_pct"].round(1).to_list()
    [8.0, 9.8, 5.8]
    """
    kind = kind_of(frame)
    df = to_polars(frame, "forecast frame")
    interval = [c for c in df.columns if "-lo-" in c or "-hi-" in c]
    if interval:
        warnings.warn(
            "aggregate drops the interval columns: quantiles do not add up. For intervals of a "
            "total, forecast on that region system (e.g. regions='nl', draws=1000) or sum "
            "tekort.simulate() per sample_id.",
            UserWarning,
            stacklevel=2,
        )
        df = df.drop(interval)
    by = names(by, "by", "'year'")
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
    not_numeric = [f"{c} ({df.schema[c]})" for c in ADDITIVE_COLUMNS if c in df.columns and not df.schema[c].is_numeric()]
    if not_numeric:
        raise DataError(f"cannot aggregate: {', '.join(not_numeric)} must be numeric")
    sums = [pl.col(c).sum() for c in ADDITIVE_COLUMNS if c in df.columns]
    out = df.group_by(by, maintain_order=True).agg(sums)
    ratios = [
        pl.when(pl.col("employment_fte") > 0)
        .then(100 * pl.col(num) / pl.col("employment_fte"))
        .otherwise(None)
        .alias(ratio)
        for ratio, num in RATIO_COLUMNS.items()
        if num in out.columns and "employment_fte" in out.columns
    ]
    # Groups keep the order of first appearance (the user's scenario order).
    out = out.with_columns(ratios)
    return like(out, kind)


def collapse_sectors(frame: Any) -> Any:
    """The po types (``po_bo``, ``po_sbo``, ``po_so_vso``) summed into one
    sector ``"po"``; vo and mbo rows stay as they are. Every other column
    that is not a value column (scenario, region, year, period, ``age``,
    ``sample_id``, …) is kept as a key. The sums and the recomputed
    percentages are those of :func:`aggregate`; interval columns are
    dropped with its warning (quantiles do not add up).

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
    values = set(ADDITIVE_COLUMNS) | set(RATIO_COLUMNS)
    keys = [c for c in df.columns if c not in values and "-lo-" not in c and "-hi-" not in c]
    summed = aggregate(df.with_columns(_sector_group().alias("sector")), by=keys)
    return like(summed.select([c for c in df.columns if c in summed.columns]), kind)


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
    ``note`` row counts them. CSV and Parquet ignore ``params``.

    Raises :class:`tekort.errors.UnsupportedFormatError` (a ``ValueError``)
    for another extension or a frame beyond Excel's limits (more than
    1,048,575 rows, 16,384 columns, or a text over 32,767 characters: write
    Parquet instead), :class:`tekort.errors.WriteError` (an ``OSError``)
    when the location is not writable, and ``TypeError`` when ``params`` is
    not a :class:`tekort.Params`.

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
    if params is not None and not isinstance(params, Params):
        raise TypeError(f"params must be tekort.Params, not {type(params).__name__}")
    _core.write_frame(
        to_polars(frame, "frame to save"),
        path_text(path),
        None if params is None else params._to_json(),
    )



def validation(params: Optional[Params] = None) -> str:
    """What the model reproduces of the past (the measured shortages in
    their own years, the G5 convention, the ageing of the po workforce), as
    Markdown: the text of ``docs/validation.md`` (``tekort validate``).

    >>> import tekort
    >>> "po | 2023 | 9.7" in tekort.validation()
    True
    """
    if params is not None and not isinstance(params, Params):
        raise TypeError(f"params must be tekort.Params, not {type(params).__name__}")
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
        years = list(cutoffs)
        return (min(years), max(years))
    if isinstance(cutoffs, (tuple, list)) and len(cutoffs) == 2:
        first, last = (whole(y, "cutoffs", "(2010, 2015)") for y in cutoffs)
        if first > last:
            raise errors.YearOutOfRangeError(f"the first cutoff {first} is after the last {last}")
        return (int(first), int(last))
    raise TypeError(
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
    ``actual`` and ``forecast``. ``components`` is any of
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
    elif isinstance(components, str):
        comps = [components]
    else:
        comps = list(components)
    for c in comps:
        if not isinstance(c, str):
            raise TypeError(f"components must be names such as 'pupils', not {type(c).__name__}")
    if isinstance(regions, (str, Path, Regions)):
        regions = [regions]
    names, frames = [], []
    for r in regions:
        if isinstance(r, Regions):
            names.append(r.name)
            frames.append(None if r.is_builtin else r._frame)
        elif isinstance(r, (str, Path)):
            names.append(path_text(r))
            frames.append(None)
        else:
            raise TypeError(
                f"regions must be region system names, CSV paths or tekort.Regions, not {type(r).__name__}"
            )
    horizon = whole(horizon, "horizon", "10")
    if params is not None and not isinstance(params, Params):
        raise TypeError(f"params must be tekort.Params, not {type(params).__name__}")
    stream, notes = _core.backtest(
        components=comps,
        region_systems=names,
        region_frames=frames,
        cutoffs=_cutoff_range(cutoffs),
        horizon=horizon,
        params=None if params is None else params._to_json(),
        data_dir=None if data_dir is None else path_text(data_dir),
    )
    errors._calibration(notes, stacklevel=2)
    return pl.DataFrame(stream)


def backtest_summary(frame: Any) -> Any:
    """Scores a :func:`backtest` frame (or any subset of its rows): one row
    per ``component, region_system, sector, method, horizon`` with
    ``count``, ``mape`` (mean absolute % error), ``median_ape`` and ``bias``
    (mean signed % error; positive means the forecasts were too high).
    Accepts and returns the same kind of frame: polars, pandas or pyarrow.

    >>> import tekort
    >>> bt = tekort.backtest("pupils", regions="arbeidsmarktregio")
    >>> s = tekort.backtest_summary(bt)
    >>> s = s.filter((s["sector"] == "po_bo") & (s["horizon"] == 5))
    >>> dict(zip(s["method"], s["mape"].round(2)))["drift"]
    4.44
    """
    kind = kind_of(frame)
    df = to_polars(frame, "backtest frame")
    return like(pl.DataFrame(_core.backtest_summary(df)), kind)


def accuracy(params: Optional[Params] = None) -> str:
    """The accuracy report as Markdown: the text of ``docs/accuracy.md``
    (``tekort accuracy``), the backtests of every component and the
    calibration of the pupil trend.

    >>> import tekort
    >>> "## Headline" in tekort.accuracy()
    True
    """
    if params is not None and not isinstance(params, Params):
        raise TypeError(f"params must be tekort.Params, not {type(params).__name__}")
    return _core.accuracy_markdown(None if params is None else params._to_json())
