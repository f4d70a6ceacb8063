"""tekort.save to .xlsx: the frame read back typed (with openpyxl), the
metadata sheet with the parameters, Excel's limits as typed errors, and no
partial files."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

import tekort
from tekort import errors

openpyxl = pytest.importorskip("openpyxl")


def _meta(book) -> dict:
    rows = {}
    for key, value in book["metadata"].iter_rows(min_row=2, values_only=True):
        if key is not None and key not in rows:
            rows[key] = value
    return rows


def test_a_forecast_reads_back_typed(tmp_path: Path) -> None:
    res = tekort.forecast(regions="provincie", sector="vo", until=2028, start=2024)
    path = tmp_path / "vo.xlsx"
    tekort.save(res, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["results", "metadata"]
    sheet = book["results"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, res.width).column_letter}{res.height + 1}"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == res.columns
    assert len(rows) == res.height + 1
    for got, want in zip(rows[1:], res.iter_rows()):
        for g, w, name in zip(got, want, res.columns):
            if isinstance(w, str):
                assert g == w, name
            else:
                assert isinstance(g, (int, float)) and not isinstance(g, bool), name
                assert g == w, name
    assert {r[res.columns.index("period")] for r in rows[1:]} == {"history", "forecast"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vo.xlsx"]


def test_the_metadata_sheet_records_save_and_the_parameters(tmp_path: Path) -> None:
    res = tekort.forecast(regions="nl", sector="po", until=2027)
    params = tekort.Params.default()
    params.demand.pupil_trend_damping = 0.8
    path = tmp_path / "po.xlsx"
    tekort.save(res, path, params=params)
    book = openpyxl.load_workbook(path)
    meta = _meta(book)
    assert meta["tekort"] == tekort.__version__
    assert meta["command"] == "tekort.save (Python)"
    assert meta["region_system"] == "nl"
    assert meta["rows"] == str(res.height)
    assert meta["sources"] == "Bron: DUO / CBS / OCW"
    assert "Bron: CBS / UN WPP / OECD / OCW / DUO" in meta["citation"]
    lines = []
    started = False
    for key, value in book["metadata"].iter_rows(min_row=2, values_only=True):
        started = started or key == "parameters (TOML)"
        if started:
            lines.append(value or "")
    assert tekort.Params.from_toml_str("\n".join(lines)) == params
    # Without params the sheet says they are not recorded.
    tekort.save(res, tmp_path / "bare.xlsx")
    assert _meta(openpyxl.load_workbook(tmp_path / "bare.xlsx"))["parameters"].startswith(
        "not recorded"
    )


def test_text_nulls_and_nan_keep_their_meaning(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "gemeentecode": ["0034", None, "0363"],
            "value": [1.5, None, math.nan],
            "count": [1, 2, None],
            "flag": [True, None, False],
        }
    )
    path = tmp_path / "t.xlsx"
    tekort.save(frame, path)
    book = openpyxl.load_workbook(path)
    rows = list(book["results"].iter_rows(min_row=2, values_only=True))
    assert rows == [("0034", 1.5, 1, True), (None, None, 2, None), ("0363", None, None, False)]
    assert _meta(book)["note"] == (
        "1 number was NaN or infinite, which Excel cannot hold: its cell is empty"
    )
    # pandas works too; the code stays text.
    tekort.save(frame.to_pandas(), tmp_path / "pd.xlsx")
    first = next(openpyxl.load_workbook(tmp_path / "pd.xlsx")["results"].iter_rows(min_row=2, values_only=True))
    assert first[0] == "0034" and first[1] == 1.5


def test_excel_limits_are_value_errors_and_leave_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    tekort.save(pl.DataFrame({"a": [1]}), path)
    before = path.read_bytes()
    with pytest.raises(errors.UnsupportedFormatError, match=r"note.*row 2.*32768 characters") as e:
        tekort.save(pl.DataFrame({"note": ["ok", "x" * 32_768]}), path)
    assert isinstance(e.value, ValueError)
    with pytest.raises(errors.UnsupportedFormatError, match=r"1048576 rows.*\.parquet"):
        tekort.save(pl.DataFrame({"year": pl.repeat(2025, 1_048_576, eager=True)}), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    res = tekort.forecast(regions="nl", sector="mbo", until=2026)
    with pytest.raises(errors.WriteError, match="no/such") as e:
        tekort.save(res, tmp_path / "no" / "such" / "r.xlsx")
    assert isinstance(e.value, OSError)
    (tmp_path / "taken.xlsx").mkdir()
    with pytest.raises(errors.WriteError, match="taken.xlsx"):
        tekort.save(res, tmp_path / "taken.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.xlsx"]


def test_params_must_be_params(tmp_path: Path) -> None:
    res = tekort.forecast(regions="nl", sector="mbo", until=2026)
    with pytest.raises(TypeError, match="dict"):
        tekort.save(res, tmp_path / "r.xlsx", params={"base_year": 2025})  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("epoch", ["abc", "-1", "1.5e9", "253402300800", "9" * 30])
def test_an_unusable_source_date_epoch_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    """SOURCE_DATE_EPOCH that tekort cannot use is ignored (the clock is
    used), with a warning, as the CLI gives: the workbook is then not
    reproducible. Usable values, and CSV, warn of nothing."""
    import warnings

    frame = pl.DataFrame({"a": [1, 2]})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.warns(UserWarning, match="SOURCE_DATE_EPOCH=.* is not a whole number of seconds"):
        tekort.save(frame, tmp_path / "x.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tekort.save(frame, tmp_path / "x.csv")
    for good in ["0", "1700000000", "+1700000000", "253402300799", ""]:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", good)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tekort.save(frame, tmp_path / "x.xlsx")
