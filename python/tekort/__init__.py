"""tekort: an open, regional projection of the Dutch teacher labour market.

Supply, demand, shortage, vacancies and replacement requests per region and
sector (po with bo/sbo/so-vso, vo, mbo), from the measured shortage of the
base year to 2040 and beyond. Bron: DUO / CBS / OCW (CC-BY 4.0).

>>> import tekort
>>> res = tekort.forecast(regions="nl", sector="po", until=2030)
>>> res.columns[:5]
['scenario', 'region_system', 'region', 'sector', 'year']
"""

from __future__ import annotations

from typing import Any

from . import errors
from ._core import version as _version
from ._evaluate import BACKTEST_COMPONENTS, accuracy, backtest, backtest_summary, validation
from ._forecast import forecast, microsim, simulate, workforce_by_age
from ._frames import ADDITIVE_COLUMNS, RATIO_COLUMNS, aggregate, collapse_sectors, intervals, save
from ._monitor import indicators, report
from .errors import TekortError, warnings_once
from .params import Params
from .regions import BUILTIN, Regions, municipalities
from .scenario import Scenario
from ._keywords import keywords_checked as _keywords_checked

# An unknown keyword (``sectors=``, Dutch ``regio=``) names the nearest one.
(forecast, microsim, simulate, workforce_by_age, indicators, report, backtest, backtest_summary,
 aggregate, collapse_sectors, intervals, save, municipalities) = map(_keywords_checked, (
    forecast, microsim, simulate, workforce_by_age, indicators, report, backtest, backtest_summary,
    aggregate, collapse_sectors, intervals, save, municipalities))

__version__ = _version()
"""The version of tekort: the workspace version of the Rust crates, compiled into ``tekort._core``."""

__all__ = [
    "forecast",
    "microsim",
    "indicators",
    "report",
    "simulate",
    "workforce_by_age",
    "aggregate",
    "collapse_sectors",
    "intervals",
    "save",
    "validation",
    "backtest",
    "backtest_summary",
    "accuracy",
    "municipalities",
    "Scenario",
    "Params",
    "Regions",
    "TekortError",
    "warnings_once",
    "errors",
    "plot",
    "BUILTIN",
    "ADDITIVE_COLUMNS",
    "BACKTEST_COMPONENTS",
    "RATIO_COLUMNS",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # tekort.plot imports matplotlib only when first used.
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'tekort' has no attribute {name!r}")
