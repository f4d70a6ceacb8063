"""The regional report from Python: a self-contained HTML page written
atomically, its key figures equal to tekort.indicators(), bad input named,
the user's title, and in headless Chromium (installed by CI; without it
these tests skip, or fail under TEKORT_REQUIRE_BROWSER=1) a rendered page
that is not blank and a print on A4."""

from __future__ import annotations

import os
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
    for section in ("kerncijfers", "ontwikkeling", "stromen", "leeftijd", "wervingsopgave", "bronnen"):
        assert f'<section id="{section}">' in html
    # Scenarios are compared only when some are given.
    assert '<section id="scenarios">' not in html


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
        # The indicators frame rounds counts of people to 10 significant
        # digits (no float noise); the page keeps the raw value.
        assert want.len() == 1 and float(value) == pytest.approx(want[0], rel=1e-9, abs=0), (name, sector, year, area)


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


def test_title_subtitle_and_a_word_of_the_region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 28 May 2026
    regions = tekort.Regions.from_csv(EXAMPLES)
    html = tekort.report(regions, "haaglanden", draws=0, title="Lerarentekort", subtitle="Voor het bestuur", lang="en")
    assert "<h1>Lerarentekort</h1>" in html and '<p class="sub">Voor het bestuur</p>' in html
    assert "Made on 28 May 2026" in html
    html = tekort.report(regions, "haaglanden", draws=0)
    assert "<h1>Lerarenarbeidsmarkt in Onderwijsregio Haaglanden</h1>" in html
    assert "onderwijsregio_voorbeelden" not in html and "Gemaakt op 28 mei 2026" in html
    with pytest.raises(tekort.errors.InvalidRegionsError, match='did you mean "Onderwijsregio Haaglanden"'):
        tekort.report(regions, "Haaglanen", draws=0)
    with pytest.raises(tekort.errors.InvalidRegionsError, match="ambiguous"):
        tekort.report(regions, "onderwijsregio", draws=0)
    with pytest.raises(tekort.errors.InvalidArgumentError, match="title"):
        tekort.report(regions, "haaglanden", draws=0, title=3)  # type: ignore[arg-type]


def browser() -> str:
    """The headless Chromium to render with; skips the test without one,
    fails it instead when ``TEKORT_REQUIRE_BROWSER=1`` (as CI sets, after
    installing Debian's chromium in ``.ci/run``)."""
    found = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if found is None:
        message = "headless Chromium is not installed (Debian package chromium)"
        if os.environ.get("TEKORT_REQUIRE_BROWSER") == "1":
            pytest.fail(message + ", and TEKORT_REQUIRE_BROWSER=1 requires it")
        pytest.skip(message)
    return found


def chromium(*args: str) -> None:
    """Runs headless Chromium with ``args``."""
    subprocess.run(
        [browser(), "--headless", "--no-sandbox", "--disable-gpu", *args],
        check=True,
        capture_output=True,
        timeout=180,
    )


def test_rendered_by_headless_chromium_is_not_blank(page: tuple[str, Path], tmp_path: Path) -> None:
    _, out = page
    shot = tmp_path / "shot.png"
    chromium(f"--screenshot={shot}", "--window-size=1200,2400", out.as_uri())
    import matplotlib.image as mpimg

    pixels = mpimg.imread(shot)
    assert pixels.std() > 0.02, "the screenshot is blank"


def pdf_page_count(pdf: bytes) -> int:
    """The number of page objects (``/Type /Page``) of a PDF whose object
    dictionaries are not compressed, as Chromium writes them."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_printed_to_pdf_by_chromium_on_a4(page: tuple[str, Path], tmp_path: Path) -> None:
    _, out = page
    pdf = tmp_path / "out.pdf"
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", out.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    pages = pdf_page_count(data)
    assert pages >= 4, f"{pages} pages"
    assert boxes, "no page size in the PDF"
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box)
        # A4 is 210 x 297 mm = 595 x 842 pt (US Letter would be 612 x 792).
        assert abs((x1 - x0) - 595) <= 1 and abs((y1 - y0) - 842) <= 1, box
