"""The projections: the cohort engine's forecast (deterministic, or with
Monte Carlo intervals), every Monte Carlo draw, the microsimulation, and
the workforce by single year of age."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence, Union

import polars as pl

from . import _core, errors
from ._frames import UINT64, whole
from ._inputs import DemographyArg, RegionsArg, SectorArg, check_mc, inputs, run
from .params import Params
from .scenario import Scenario

__all__ = ["forecast", "simulate", "microsim", "workforce_by_age"]


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
    cutoff: Optional[int] = None,
    measurements: Any = None,
    funding: Any = None,
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
    cutoff
        Run the whole model, labour market included, with the data up to
        this year only, as the backtests do (``tekort forecast --cutoff``):
        it becomes the base year; later pupils, staff, births, measurements
        and birth projections are dropped; sectors without a shortage
        measurement (or vo pupils) by then are left out of ``sector="all"``
        and an error when named. ``None`` (the default) uses all the data.
    measurements
        Your own shortage measurements, a frame or CSV path with ``sector,
        region_type, region, year, shortage_pct, shortage_fte``
        (``region_type`` ``nl``, ``arbeidsmarktregio``, ``gemeente``, or
        ``gemeenten`` for an area of several municipalities listed in a
        column ``gemeentecodes``, codes separated by blanks), laid over the
        dataset's (as ``tekort forecast --measurements``): each
        anchors the year it describes, and a row replaces the dataset's of
        the same area and year. E.g. a new October measurement.
    funding
        Your own funding path, a frame or CSV path with ``fund, sector,
        announced, year, staff_per_pupil_pct, kind`` (as ``tekort forecast
        --funding``): each fund's effect on staff (demand) per pupil in %
        relative to no fund, per year; ``kind`` ``structural`` (the last
        row holds after it) or ``temporary`` (none after it); ``announced``
        the year it became known (a ``cutoff`` before it does not see it).
        The rows of a fund and sector replace the dataset's rows of that
        fund and sector (``data/funding_path.csv``: the werkdrukmiddelen
        and the NPO); other funds stay. After the latest shortage
        measurement demand per pupil moves with the product of
        ``1 + pct / 100`` over the funds.
    draws
        Monte Carlo draws (e.g. 1000): adds interval columns in the Nixtla
        style, ``{column}-lo-{level}`` and ``{column}-hi-{level}``, for
        ``pupils``, ``demand_fte``, ``employment_fte``, ``shortage_fte`` and
        ``shortage_pct`` (ratios per draw); these five columns become the
        median of the draws (inside every band) and ``{column}-central``
        keeps the deterministic run. The other columns stay the
        deterministic run. The draws themselves come along as list columns
        ``pupils-draws``, ``demand_fte-draws``, ``employment_fte-draws``
        and ``shortage_fte-draws`` (one float per draw, in the same draw
        order on every row, so that sums per draw are totals' draws; about
        ``32 × draws`` bytes per row): :func:`aggregate` and
        :func:`collapse_sectors` sum them and recompute every interval of
        the totals from them. :func:`save` leaves them out (CSV and Excel
        hold no lists). A sector's draws depend on the seed and its own
        inputs only, not on the other sectors in the call. What is drawn:
        ``docs/method.md``.
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
    draws, seed, levels = check_mc(draws, seed, level)
    if draws is None and [float(x) for x in levels] != [80.0, 95.0]:
        raise errors.InvalidValueError(
            "invalid value for level: interval levels need Monte Carlo draws (add draws=1000)"
        )
    given = inputs(
        regions, sector, until, scenarios, params, data_dir, demography, start, pupils,
        cutoff=cutoff,
        measurements=measurements,
        funding=funding,
    )
    if draws is None:
        return run(_core.forecast, given)
    return run(_core.simulate, given, draws=draws, seed=seed, levels=levels)


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
    cutoff: Optional[int] = None,
    measurements: Any = None,
    funding: Any = None,
) -> pl.DataFrame:
    """Every Monte Carlo draw, for your own statistics: one row per
    ``sample_id, scenario, region_system, region, sector, year`` with the
    draw's ``pupils``, ``demand_fte``, ``employment_fte``, ``shortage_fte``
    and ``shortage_pct``. The arguments are those of :func:`forecast`; the
    draws are the ones ``forecast(draws=..., seed=...)`` takes its
    intervals from. Sum over regions per ``sample_id`` before taking
    quantiles: quantiles do not add up; :func:`intervals` does both.

    >>> import tekort, polars as pl
    >>> sims = tekort.simulate(regions="nl", sector="vo", until=2030, draws=50)
    >>> sims["sample_id"].n_unique()
    50
    >>> nat = sims.filter(pl.col("year") == 2030)["shortage_pct"]
    >>> bool(nat.quantile(0.1) < nat.quantile(0.9))
    True
    """
    if draws is None:
        raise errors.InvalidArgumentError("simulate needs draws, a whole number such as 1000, not None")
    draws, seed, _ = check_mc(draws, seed, (80,))
    given = inputs(
        regions, sector, until, scenarios, params, data_dir, demography, start, pupils,
        cutoff=cutoff,
        measurements=measurements,
        funding=funding,
    )
    return run(_core.simulate, given, draws=draws, seed=seed, samples=True)


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
    cutoff: Optional[int] = None,
    measurements: Any = None,
    funding: Any = None,
) -> pl.DataFrame:
    """The individual-level microsimulation: every teacher a record (age,
    region, sector, years of service, hours, qualified), yearly events drawn
    from the same rates as :func:`forecast` uses, with what a cohort model
    cannot do: leaving that depends on years of service (``tenure``) and
    individual changes of working hours.

    Returns the forecast's columns as the **mean over** ``runs`` runs, with
    interval columns (``shortage_pct-lo-80``, …) and the list columns of
    the runs (``shortage_fte-draws``, … as :func:`forecast` has them, so
    that :func:`aggregate` keeps the intervals of totals) from the runs; with
    ``samples=True`` every run instead, with a ``sample_id`` column, as
    :func:`simulate` gives. ``uncertainty=True`` also draws the parameters
    and past pupil and graduate errors per run, as the Monte Carlo does;
    ``False`` leaves only the events of the records. Same ``seed``, same
    result on any number of threads; a sector's runs depend on the seed
    and its own inputs only, not on the other sectors in the call. The
    other arguments are those of
    :func:`forecast`.

    >>> import tekort, polars as pl
    >>> m = tekort.microsim(regions="nl", sector="vo", until=2028, runs=4)
    >>> "shortage_pct-lo-80" in m.columns
    True
    >>> row = m.filter(pl.col("year") == 2028).row(0, named=True)
    >>> bool(row["shortage_fte-lo-80"] <= row["shortage_fte-hi-80"])
    True
    """
    runs = whole(runs, "runs", "100", UINT64)
    if runs < 1:
        raise errors.InvalidValueError(f"invalid value for runs: {runs} (at least 1 run is needed)")
    _, seed, levels = check_mc(None, seed, level)
    for name, flag in (("tenure", tenure), ("uncertainty", uncertainty), ("samples", samples)):
        if not isinstance(flag, bool):
            raise errors.InvalidArgumentError(f"{name} must be True or False, not {flag!r}")
    given = inputs(
        regions, sector, until, scenarios, params, data_dir, demography, start, pupils,
        cutoff=cutoff,
        measurements=measurements,
        funding=funding,
    )
    return run(
        _core.microsim,
        given,
        runs=runs,
        seed=seed,
        levels=levels,
        samples=samples,
        tenure=tenure,
        uncertainty=uncertainty,
    )


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
    cutoff: Optional[int] = None,
    measurements: Any = None,
    funding: Any = None,
) -> pl.DataFrame:
    """The projected workforce by single year of age: one row per
    ``scenario, region_system, region, sector, year, age`` with ``teachers``
    (persons) and ``employment_fte``. Same arguments as :func:`forecast`.

    >>> import tekort
    >>> ages = tekort.workforce_by_age(regions="nl", sector="po_bo", until=2026)
    >>> sorted(ages.columns)[:3]
    ['age', 'employment_fte', 'kind']
    """
    given = inputs(
        regions, sector, until, scenarios, params, data_dir, demography, start, pupils,
        cutoff=cutoff,
        measurements=measurements,
        funding=funding,
    )
    return run(_core.forecast, given, ages=True)
