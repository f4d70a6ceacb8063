"""What the projections share: their common arguments (regions, sector,
until, scenarios, params, data_dir, demography, start, pupils) checked and
turned into the inputs of a ``tekort._core`` binding, the Monte Carlo
arguments, and a run with its warnings."""

from __future__ import annotations

import numbers
from pathlib import Path
from typing import Any, Callable, Optional, Sequence, Union

import polars as pl

from . import _core, errors
from ._frames import UINT64, for_core, names, number, optional_whole, path_text, to_polars, whole
from .params import Params
from .regions import Regions
from .scenario import Scenario

RegionsArg = Union[str, Path, Regions]
DemographyArg = Any
"""``"low"``, ``"medium"``, ``"high"``, a CSV path, or a frame of births."""
SectorArg = Union[str, Sequence[str]]


def inputs(
    regions: RegionsArg,
    sector: SectorArg,
    until: int,
    scenarios: Optional[Sequence[Scenario]],
    params: Optional[Params],
    data_dir: Optional[Union[str, Path]],
    demography: DemographyArg = "medium",
    start: Optional[int] = None,
    pupils: Any = None,
    cutoff: Optional[int] = None,
    measurements: Any = None,
    funding: Any = None,
) -> "_core.Inputs":
    """The inputs of a projection binding, each argument checked with a
    message naming it (in this order: the first bad one is reported)."""
    # A built-in name or a CSV path: the Rust side resolves both.
    if isinstance(regions, Regions):
        name, frame = regions.name, (None if regions.is_builtin else regions._frame)
    elif isinstance(regions, (str, Path)):
        name, frame = path_text(regions), None
    else:
        raise errors.InvalidArgumentError(
            f"regions must be a region system name, a CSV path or tekort.Regions, not {regions!r}"
        )
    # sector=None is every sector; one name is a list of one.
    sectors = ["all"] if sector is None else names(sector, "sector", "'po'")
    until = 2040 if until is None else whole(until, "until", "2030")
    if scenarios is None:
        scenarios_json = [_baseline_json()]
    elif isinstance(scenarios, Scenario):
        scenarios = [scenarios]
    elif isinstance(scenarios, (str, bytes, dict)) or not hasattr(scenarios, "__iter__"):
        raise errors.InvalidArgumentError(
            f"scenarios must be a list of tekort.Scenario objects (or one), not {scenarios!r}"
        )
    if scenarios is not None:
        scenarios = list(scenarios)
        if not scenarios:
            raise errors.InvalidScenarioError(
                "scenarios is an empty list: give at least one scenario, e.g. "
                "scenarios=[tekort.Scenario.baseline()] (or leave scenarios out for the baseline)"
            )
        for s in scenarios:
            if not isinstance(s, Scenario):
                raise errors.InvalidArgumentError(f"scenarios must be tekort.Scenario objects, not {s!r}")
        scenarios_json = [s._to_json() for s in scenarios]
    if params is not None and not isinstance(params, Params):
        raise errors.InvalidArgumentError(f"params must be tekort.Params, not {type(params).__name__}")
    if isinstance(demography, (str, Path)):
        demography_name, births_frame = path_text(demography), None
    else:
        demography_name, births_frame = "births frame", for_core(to_polars(demography, "births frame"), "births frame")
    return {
        "region_system": name,
        "region_frame": frame,
        "sectors": sectors,
        "until": until,
        "scenarios": scenarios_json,
        "params": None if params is None else params._to_json(),
        "data_dir": None if data_dir is None else path_text(data_dir),
        "demography": demography_name,
        "births_frame": births_frame,
        "start": optional_whole(start, "start", "2021"),
        "cutoff": optional_whole(cutoff, "cutoff", "2023"),
        "measurements_path": path_text(measurements) if isinstance(measurements, (str, Path)) else None,
        "measurements_frame": None
        if measurements is None or isinstance(measurements, (str, Path))
        else for_core(to_polars(measurements, "measurements"), "measurements"),
        "funding_path": path_text(funding) if isinstance(funding, (str, Path)) else None,
        "funding_frame": None
        if funding is None or isinstance(funding, (str, Path))
        else for_core(to_polars(funding, "funding"), "funding"),
        "pupils_path": path_text(pupils) if isinstance(pupils, (str, Path)) else None,
        "pupils_frame": None
        if pupils is None or isinstance(pupils, (str, Path))
        else for_core(to_polars(pupils, "pupils frame"), "pupils frame"),
    }


_BASELINE_JSON: Optional[str] = None


def _baseline_json() -> str:
    """The baseline scenario as the bindings read it, made once (the
    default of every call without ``scenarios``)."""
    global _BASELINE_JSON
    if _BASELINE_JSON is None:
        _BASELINE_JSON = Scenario.baseline()._to_json()
    return _BASELINE_JSON


def run(binding: Callable[..., Any], inputs: "_core.Inputs", **options: Any) -> pl.DataFrame:
    """Runs a projection binding and issues its calibration notes and
    plausibility warnings at the caller of the public function."""
    stream, notes, implausible = binding(inputs, **options)
    errors._calibration(notes, stacklevel=3)
    errors._plausibility(implausible, stacklevel=3)
    return pl.DataFrame(stream)


def check_mc(draws: Any, seed: Any, level: Any) -> tuple:
    """The Monte Carlo arguments checked: draws (or None), seed and the
    interval levels as a list of floats."""
    draws = optional_whole(draws, "draws", "1000", UINT64)
    if draws is not None and draws < 1:
        raise errors.InvalidValueError(f"invalid value for draws: {draws} (at least 1 draw is needed)")
    seed = whole(seed, "seed", "7", UINT64)
    if seed < 0:
        raise errors.InvalidArgumentError(f"seed must be a whole number >= 0, not {seed!r}")
    one = isinstance(level, numbers.Real) and not isinstance(level, bool)
    if isinstance(level, range) and len(level) > 100:
        raise errors.InvalidValueError(
            f"invalid value for level: {level!r} (give a few interval levels such as (80, 95), not {len(level):,})"
        )
    levels = [level] if one else list(level) if isinstance(level, (list, tuple, range)) else [level]
    for x in levels:
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise errors.InvalidArgumentError(f"level must be a percentage such as 80 or a list of them, not {x!r}")
    levels = [number(x, "level", "80") for x in levels]
    return draws, seed, levels
