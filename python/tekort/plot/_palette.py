"""The colours of the figures: the Okabe–Ito palette, distinguishable with
the common forms of colour blindness, the same as the charts of the HTML
report (``PALETTE`` in the Rust chart module; ``python/tests/test_palette.py``
reads it from the Rust source and fails if the two differ)."""

from __future__ import annotations

from typing import Tuple

OKABE_ITO: Tuple[str, ...] = (
    "#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#000000", "#F0E442",
)  # fmt: skip
"""In the order series get them, as in the report (yellow last: it has the
least contrast on white)."""

BLUE, VERMILLION, GREEN, ORANGE, SKY_BLUE, PURPLE, BLACK, YELLOW = OKABE_ITO

MAIN = BLUE
"""A single series: the central run, the ranking's bars, an age pyramid."""

HIGHLIGHT = VERMILLION
"""What is picked out: highlighted regions in a ranking."""

AGED_55PLUS = ORANGE
"""The band of the ages 55 and over."""

METHODS = {"tekort": BLUE, "naive": GREEN, "drift": ORANGE, "official": VERMILLION}
"""The forecast methods of a backtest."""

OTHER_METHOD = PURPLE
"""A method without a colour of its own."""
