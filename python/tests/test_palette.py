"""One palette for the report and the figures: the colours of tekort.plot
are the Okabe–Ito colours of the report's SVG charts, read here from the
Rust source (the ``PALETTE`` constant of the chart module, in tekort-core
or, once the presentation has its own crate, tekort-report), so that the
two cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List

import pytest

from tekort.plot import _palette

ROOT = Path(__file__).resolve().parents[2]
CRATES = [ROOT / "crates" / "tekort-core" / "src", ROOT / "crates" / "tekort-report" / "src"]
PALETTE = re.compile(r"const\s+PALETTE\s*:\s*\[\s*&(?:'static\s+)?str\s*;\s*\d+\s*\]\s*=\s*\[(?P<items>[^\]]*)\]")
HEX = re.compile(r'"(#[0-9A-Fa-f]{6})"')


def rust_palettes() -> Dict[str, List[str]]:
    """The colours of every ``PALETTE`` constant in the Rust sources, by file."""
    found: Dict[str, List[str]] = {}
    for src in CRATES:
        for path in sorted(src.rglob("*.rs")) if src.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            for m in PALETTE.finditer(text):
                found[str(path.relative_to(ROOT))] = HEX.findall(m["items"])
    return found


def test_the_palette_is_read_from_the_rust_source() -> None:
    found = rust_palettes()
    if not found and not (ROOT / "crates").is_dir():
        pytest.skip("needs the source tree (crates/)")
    assert found, f"no `const PALETTE: [&str; N] = [...]` found under {[str(c) for c in CRATES]}"
    assert all(len(colours) >= 8 for colours in found.values()), found


def test_python_uses_the_report_palette() -> None:
    for path, colours in rust_palettes().items():
        assert [c.upper() for c in _palette.OKABE_ITO] == [c.upper() for c in colours], path


def test_every_colour_of_the_figures_is_from_the_palette() -> None:
    roles = [_palette.MAIN, _palette.HIGHLIGHT, _palette.AGED_55PLUS, _palette.OTHER_METHOD]
    assert set(roles + list(_palette.METHODS.values())) <= set(_palette.OKABE_ITO)
    source = (Path(_palette.__file__).parent / "__init__.py").read_text(encoding="utf-8")
    assert not re.search(r"""["']tab:\w+["']""", source), "a matplotlib tab: colour in tekort.plot"
