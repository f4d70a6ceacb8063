"""The regional report from Python: a self-contained HTML page written
atomically, its key figures equal to tekort.indicators(), bad input named,
and, where headless Chromium is installed, a rendered page that is not
blank."""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import polars as pl
import pytest

import tekort

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT.parent / "shared" / "data" / "examples" / "onderwijsregio_voorbeelden.csv"
REGION = "Onderwijsregio Haaglanden"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("report") / "haaglanden.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        html = tekort.report(tekort.Regions.from_csv(EXAMPLES), REGION, out=out, draws=30)
    return html, out


def test_written_whole_and_self_contained(page: tuple[str, Path]) -> None:
    html, out = page
    assert out.read_text(encoding="utf-8") == html
    assert not list(out.parent.glob(".*.tmp"))
    for bad in ("http", "src=", "href=", "url(", "<script", "<link"):
        assert bad not in html, bad
    for section in ("kerncijfers", "ontwikkeling", "stromen", "leeftijd", "wervingsopgave", "scenarios", "bronnen"):
        assert f'<section id="{section}">' in html


def test_key_figures_equal_the_indicators(page: tuple[str, Path]) -> None:
    html, _ = page
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ind = tekort.indicators(regions=tekort.Regions.from_csv(EXAMPLES))
    cells = re.findall(
        r'data-indicator="([^"]+)" data-sector="([^"]+)" data-year="(\d+)" data-area="(\w+)" data-value="([^"]+)"', html
    )
    assert len(cells) > 50
    for name, sector, year, area, value in cells:
        region = "Nederland" if area == "nation" else REGION
        want = ind.filter(
            (pl.col("scenario") == "baseline")
            & (pl.col("region") == region)
            & (pl.col("sector") == sector)
            & (pl.col("indicator") == name)
            & (pl.col("year") == int(year))
        )["value"]
        assert want.len() == 1 and float(value) == want[0], (name, sector, year, area)


def test_bad_input_is_named_and_leaves_no_file(tmp_path: Path) -> None:
    regions = tekort.Regions.from_csv(EXAMPLES)
    out = tmp_path / "x.html"
    with pytest.raises(tekort.errors.InvalidRegionsError, match="Onderwijsregio Delft"):
        tekort.report(regions, "Onderwijsregio Delft", out=out, draws=0)
    with pytest.raises(tekort.TekortError, match="2024"):
        tekort.report(regions, REGION, out=out, draws=0, target_year=2024)
    with pytest.raises(tekort.errors.InvalidValueError, match="fr"):
        tekort.report(regions, REGION, out=out, lang="fr")
    with pytest.raises(tekort.errors.WriteError, match=".html"):
        tekort.report(regions, REGION, out=tmp_path / "x.csv", draws=0)
    assert list(tmp_path.iterdir()) == []


def test_rendered_by_headless_chromium_is_not_blank(page: tuple[str, Path], tmp_path: Path) -> None:
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        pytest.skip("headless Chromium is not installed (Debian package chromium)")
    _, out = page
    shot = tmp_path / "shot.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}", "--window-size=1200,2400", out.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    import matplotlib.image as mpimg

    pixels = mpimg.imread(shot)
    assert pixels.std() > 0.02, "the screenshot is blank"
