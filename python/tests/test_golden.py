"""The Python frames of the golden runs, byte for byte.

``crates/tekort-cli/tests/golden/`` holds the outputs of reference runs of
the CLI made before the redesign of issue 16 (``scripts/golden.sh``; the
runs are listed in its ``CASES`` file). The same calls through the Python
API must give the same frames: equal with ``check_exact=True`` to the CSV
read with the frame's own dtypes, and written as CSV, the same bytes (both
held before the redesign, when this test was written). The report is
compared as text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Dict, Tuple

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import tekort

GOLDEN = Path(__file__).resolve().parents[2] / "crates" / "tekort-cli" / "tests" / "golden"

# case: (the CLI arguments in CASES, the same call through the Python API)
CASES: Dict[str, Tuple[str, Callable[[], Any]]] = {
    "forecast": ("forecast", lambda: tekort.forecast()),
    "draws200": ("forecast --draws 200 --seed 7", lambda: tekort.forecast(draws=200, seed=7)),
    "microsim20": ("microsim --runs 20 --seed 7", lambda: tekort.microsim(runs=20, seed=7)),
    "monitor": ("monitor", lambda: tekort.indicators()),
    "history": (
        "forecast --regions provincie --from 2021 --until 2030",
        lambda: tekort.forecast(regions="provincie", start=2021, until=2030),
    ),
    "report": (
        "report --region Haaglanden --draws 200 --seed 7",
        lambda: tekort.report("arbeidsmarktregio", "Haaglanden", draws=200, seed=7),
    ),
}

pytestmark = pytest.mark.skipif(
    not (GOLDEN / "CASES").is_file(), reason="needs the golden files of the source tree"
)


def listed_cases() -> Dict[str, str]:
    """The runs of the CASES file: name -> CLI arguments."""
    text = (GOLDEN / "CASES").read_text(encoding="utf-8")
    return dict(re.findall(r"^case (\w+) (.*?)\s*$", text, re.MULTILINE))


def test_the_cases_are_the_cli_runs() -> None:
    # Were a run of CASES changed, the Python call here would compare
    # against another run: keep the two lists in step.
    listed = listed_cases()
    for name, (args, _) in CASES.items():
        assert listed.get(name) == args, f"golden case {name!r}: CASES runs {listed.get(name)!r}"


@pytest.mark.filterwarnings("ignore::tekort.errors.CalibrationWarning")
@pytest.mark.parametrize("name", [n for n in CASES if n != "report"])
def test_frame_is_the_golden_csv(name: str) -> None:
    path = GOLDEN / f"{name}.csv"
    frame = CASES[name][1]()
    # The Python frame of draws or runs also has their list columns, which
    # the CLI's files (and tekort.save) leave out.
    draws = [c for c in frame.columns if c.endswith("-draws")]
    assert bool(draws) == (name in ("draws200", "microsim20")), draws
    frame = frame.drop(draws)
    golden = pl.read_csv(path, schema=frame.schema)
    assert_frame_equal(frame, golden, check_exact=True)
    assert frame.write_csv() == path.read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore::tekort.errors.CalibrationWarning")
def test_report_is_the_golden_html(monkeypatch: pytest.MonkeyPatch) -> None:
    # The date on the report, as scripts/golden.sh sets it (2026-01-01).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    html = CASES["report"][1]()
    assert html == (GOLDEN / "report.html").read_text(encoding="utf-8")
