"""Monitoring indicators from Python: tekort.indicators() on built-in and
example regions, the nation always present, the required inflow and its
parts, and bad targets named."""

from __future__ import annotations

import warnings
from pathlib import Path

import polars as pl
import pytest

import tekort

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT.parent / "shared" / "data" / "examples" / "onderwijsregio_voorbeelden.csv"
COLUMNS = ["scenario", "region_system", "region", "sector", "indicator", "year", "value", "unit", "kind"]


def _ind(**kwargs: object) -> pl.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tekort.indicators(**kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def haaglanden() -> pl.DataFrame:
    return _ind(regions=tekort.Regions.from_csv(EXAMPLES), until=2035)


def test_tidy_columns_kinds_and_the_nation(haaglanden: pl.DataFrame) -> None:
    assert haaglanden.columns == COLUMNS
    assert set(haaglanden["kind"]) == {"measured", "estimated", "forecast"}
    assert {"Onderwijsregio Haaglanden", "Onderwijsregio Almere", "Nederland"} <= set(haaglanden["region"])
    assert haaglanden["value"].is_finite().all()


def test_required_inflow_is_the_sum_of_its_parts(haaglanden: pl.DataFrame) -> None:
    need = haaglanden.filter(pl.col("indicator").str.starts_with("required_inflow_") & pl.col("indicator").str.ends_with("_fte"))
    wide = need.pivot(on="indicator", index=["region", "sector"], values="value")
    parts = wide["required_inflow_replacement_fte"] + wide["required_inflow_demand_change_fte"] + wide["required_inflow_gap_fte"]
    assert ((wide["required_inflow_fte"] - parts).abs() < 1e-6).all()


def test_regions_add_up_to_the_nation(haaglanden: pl.DataFrame) -> None:
    s = haaglanden.filter((pl.col("indicator") == "shortage_fte") & (pl.col("year") == 2030) & (pl.col("sector") == "po"))
    regions = s.filter(pl.col("region") != "Nederland")["value"].sum()
    nation = s.filter(pl.col("region") == "Nederland")["value"][0]
    assert regions == pytest.approx(nation, rel=1e-9)


def test_target_year_before_the_base_year_is_named() -> None:
    with pytest.raises(tekort.TekortError, match="2024"):
        _ind(regions="nl", target_year=2024)
    with pytest.raises(TypeError, match="target_year"):
        _ind(regions="nl", target_year="2030")


def test_draws_add_the_shortage_interval() -> None:
    ind = _ind(regions="nl", sector="po", until=2030, draws=40)
    row = ind.filter(pl.col("year") == 2030).pivot(on="indicator", index="sector", values="value")
    assert row["shortage_pct-lo-95"][0] <= row["shortage_pct-lo-80"][0] < row["shortage_pct-hi-80"][0] <= row["shortage_pct-hi-95"][0]


@pytest.mark.parametrize("regions", ["nl", "arbeidsmarktregio", "provincie"])
def test_a_year_has_one_kind_in_forecast_and_indicators(regions: str) -> None:
    # The shortage of a region, sector group and year is measured, estimated
    # or forecast alike in forecast() (per po type, collapsed) and in
    # indicators(): the base year 2025 has no measurement, so it is
    # "estimated" in both; the years after it "forecast".
    fc = tekort.collapse_sectors(tekort.forecast(regions=regions, until=2028, start=2021))
    ind = _ind(regions=regions, until=2028, start=2021).filter(pl.col("indicator") == "shortage_pct")
    both = fc.select("region", "sector", "year", pl.col("kind").alias("forecast_kind")).join(
        ind.select("region", "sector", "year", "kind"), on=["region", "sector", "year"], validate="1:1"
    )
    assert both.height == fc.height
    assert both.filter(pl.col("kind") != pl.col("forecast_kind")).height == 0
    assert set(both.filter(pl.col("year") == 2025)["kind"]) == {"estimated"}
    assert set(both.filter(pl.col("year") > 2025)["kind"]) == {"forecast"}
    assert "measured" in set(both["kind"])
