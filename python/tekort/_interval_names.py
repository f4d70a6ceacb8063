"""The names of interval columns, ``{column}-lo-{level}`` and
``{column}-hi-{level}`` (``shortage_pct-lo-80``, ``forecast-hi-95``), and
of the draws' list columns, ``{column}-draws``: read by the plots, by
:func:`tekort.backtest_summary` and by :func:`tekort.aggregate`."""

from __future__ import annotations

import re
from typing import Dict, Iterable

DRAWS_SUFFIX = "-draws"
"""Suffix of the list columns with the draws of an additive variable
(``shortage_fte-draws``) in a frame of ``forecast(draws=N)``."""

INTERVAL = re.compile(r"^(?P<column>.+)-(?P<bound>lo|hi)-(?P<level>[0-9.]+)$")
"""An interval column: ``{column}-lo-{level}`` / ``{column}-hi-{level}``."""


def interval_levels(columns: Iterable[str], column: str) -> Dict[float, str]:
    """The interval levels ``columns`` hold for ``column`` (both bounds
    present), as level → the level as written in the column names, widest
    first."""
    bounds: Dict[str, set] = {}
    for c in columns:
        m = INTERVAL.match(c)
        if m and m["column"] == column:
            bounds.setdefault(m["level"], set()).add(m["bound"])
    found: Dict[float, str] = {}
    for text, have in bounds.items():
        try:
            value = float(text)
        except ValueError:
            continue
        if have == {"lo", "hi"}:
            found[value] = text
    return dict(sorted(found.items(), reverse=True))
