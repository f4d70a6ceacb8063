"""An .xlsx written by tekort.save reads back with polars' pl.read_excel
(engine fastexcel, the package's ``excel`` extra)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

import tekort

ROOT = Path(__file__).resolve().parents[2]


def test_the_excel_extra_installs_the_readers() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    extra = re.search(r"^excel = \[(.*)\]$", text, re.MULTILINE)
    assert extra is not None, "pyproject.toml has no extra 'excel'"
    assert "fastexcel" in extra.group(1) and "openpyxl" in extra.group(1)


def test_a_saved_workbook_reads_back_with_polars(tmp_path: Path) -> None:
    pytest.importorskip("fastexcel")  # scripts/test.sh installs it: skipped only elsewhere
    res = tekort.forecast(regions="provincie", sector="vo", until=2027, start=2024)
    path = tmp_path / "vo.xlsx"
    tekort.save(res, path, params=tekort.Params.default())
    back = pl.read_excel(path, sheet_name="results")
    assert back.columns == res.columns
    assert back.height == res.height
    assert back["region"].to_list() == res["region"].to_list()
    assert back["year"].cast(pl.Int64).to_list() == res["year"].cast(pl.Int64).to_list()
    assert back["shortage_pct"].to_list() == pytest.approx(res["shortage_pct"].to_list())
    assert back["kind"].to_list() == res["kind"].to_list()
    meta = pl.read_excel(path, sheet_name="metadata")
    assert meta.height > 0
