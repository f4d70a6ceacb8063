"""Regions drawn from school boards (DUO bevoegd gezag) from Python: frames
and CSV files with board rows, the nation unchanged, bad boards named."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import tekort
from tekort.errors import InvalidRegionsError

KEYS = ["sector", "year"]


def _quiet(**kwargs: object) -> pl.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tekort.forecast(until=2030, **kwargs)  # type: ignore[arg-type]


def test_a_board_region_from_a_pandas_frame_adds_up_to_the_nation() -> None:
    frame = pd.DataFrame(
        {"gemeentecode": ["0034", None], "bevoegd_gezag": [None, 41572], "region": ["Almere", "Stichting"]}
    )
    regions = tekort.Regions.from_frame(frame, name="mix")
    assert regions.regions == ["Almere", "Stichting", "rest van Nederland"]
    res = _quiet(regions=regions)
    nl = _quiet(regions="nl")
    total = res.group_by(KEYS).agg(pl.col("pupils").sum(), pl.col("employment_fte").sum())
    joined = total.join(nl.select(KEYS + ["pupils", "employment_fte"]), on=KEYS, suffix="_nl")
    assert joined.height == nl.height
    for col in ("pupils", "employment_fte"):
        assert ((joined[col] - joined[f"{col}_nl"]).abs() <= 1e-9 * joined[f"{col}_nl"].abs() + 1e-6).all()
    st = res.filter((pl.col("region") == "Stichting") & (pl.col("year") == 2025) & (pl.col("sector") == "po_bo"))
    assert st["pupils"][0] == pytest.approx(12403)
    # mbo has no board data: it stays with the municipality.
    assert res.filter((pl.col("region") == "Stichting") & (pl.col("sector") == "mbo"))["employment_fte"].sum() == 0


def test_a_board_region_from_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "boards.csv"
    path.write_text("bevoegd_gezag,region\n41572,Stichting\n", encoding="utf-8")
    regions = tekort.Regions.from_csv(path)
    assert regions.regions == ["Stichting", "rest van Nederland"]
    assert "Stichting" in set(_quiet(regions=str(path), sector="po")["region"])


def test_unknown_boards_are_named_at_once() -> None:
    with pytest.raises(InvalidRegionsError, match=r"99999 \(row 2\), 88888 \(row 4\)"):
        tekort.Regions.from_frame({"bevoegd_gezag": ["99999", "41572", "88888"], "region": ["a", "b", "c"]})


def test_a_frame_without_code_or_board_column_is_named() -> None:
    with pytest.raises(tekort.TekortError, match="gemeentecode"):
        tekort.Regions.from_frame({"region": ["a"]})
