"""Monitoring a region: the indicators (``tekort monitor``) and the
regional report (``tekort report``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence, Union

import polars as pl

from . import _core, errors
from ._frames import UINT64, number, path_text, whole
from ._inputs import DemographyArg, RegionsArg, SectorArg, check_mc, inputs, run
from .params import Params
from .scenario import Scenario

__all__ = ["indicators", "report"]


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
    cutoff: Optional[int] = None,
    measurements: Any = None,
    funding: Any = None,
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
    indicators ``shortage_pct-lo-80``, ``shortage_pct-hi-80``,
    ``shortage_pct-lo-95`` and ``shortage_pct-hi-95``. Every indicator is
    defined in ``docs/indicators.md``.

    >>> import tekort, polars as pl
    >>> ind = tekort.indicators(regions="provincie", sector="po", until=2030)
    >>> need = ind.filter((pl.col("region") == "Nederland") & (pl.col("indicator") == "required_inflow_fte"))
    >>> need["year"].to_list(), bool(need["value"][0] > 0)
    ([2030], True)
    """
    target_year = whole(target_year, "target_year", "2030")
    target_shortage_pct = number(target_shortage_pct, "target_shortage_pct", "0 (a % of employment)")
    draws, seed, _ = check_mc(draws, seed, (80,))
    given = inputs(
        regions, sector, until, scenarios, params, data_dir, demography, start, pupils,
        cutoff=cutoff,
        measurements=measurements,
        funding=funding,
    )
    return run(
        _core.indicators,
        given,
        target_year=target_year,
        target_shortage_pct=float(target_shortage_pct),
        draws=draws,
        seed=seed,
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
    cutoff: Optional[int] = None,
    measurements: Any = None,
    funding: Any = None,
    title: Optional[str] = None,
    subtitle: Optional[str] = None,
) -> str:
    """The regional report of ``region`` (as ``tekort report``): one
    self-contained HTML page for a regional board, in Dutch (``lang="nl"``)
    or English (``"en"``), that prints on A4: the key figures beside the
    nation, each marked measured, model or assumption, with the region's
    own shortage measurement where there is one; history and forecast per
    sector with Monte Carlo bands (``draws``; 0 for none); inflow, outflow
    and the age structure per sector; the required inflow to reach
    ``target_shortage_pct`` by ``target_year``; the scenarios compared when
    ``scenarios`` are given; a source line under every figure and table.

    ``region`` is a region's name in any case and accents, or a word of it
    (``"haaglanden"`` for "Onderwijsregio Haaglanden") when one region has
    it; a near miss is answered with the closest names. ``title`` and
    ``subtitle`` replace the page's title ("Lerarenarbeidsmarkt in REGION")
    and the line under it (the region system in words). The page carries
    the date it was made: today's, or ``SOURCE_DATE_EPOCH``'s when set.
    Returns the HTML; with ``out`` also writes it there, atomically (the
    whole file or none).

    >>> import tekort
    >>> html = tekort.report("provincie", "Flevoland", draws=0, until=2035)
    >>> html.startswith("<!DOCTYPE html>") and 'id="wervingsopgave"' in html
    True
    """
    if not isinstance(region, str):
        raise errors.InvalidArgumentError(f"region must be a region name, not {region!r}")
    if not isinstance(lang, str):
        raise errors.InvalidArgumentError(f"lang must be 'nl' or 'en', not {lang!r}")
    for name, text in (("title", title), ("subtitle", subtitle)):
        if text is not None and not isinstance(text, str):
            raise errors.InvalidArgumentError(f"{name} must be a text, not {text!r}")
    target_year = whole(target_year, "target_year", "2030")
    draws = whole(draws, "draws", "200", UINT64)
    draws, seed, _ = check_mc(draws if draws else None, seed, (80,))
    # checked before the shared arguments, as they always were
    target_pct = number(target_shortage_pct, "target_shortage_pct", "0 (a % of employment)")
    out_text = None if out is None else path_text(out)
    given = inputs(
        regions, sector, until, scenarios, params, data_dir, demography, pupils=pupils,
        cutoff=cutoff,
        measurements=measurements,
        funding=funding,
    )
    html, implausible = _core.report(
        given,
        region=region,
        lang=lang,
        target_year=target_year,
        target_shortage_pct=target_pct,
        draws=draws if draws else 0,
        seed=seed,
        out=out_text,
        title=title,
        subtitle=subtitle,
    )
    errors._plausibility(implausible, stacklevel=2)
    return html
