"""Backtests from Python: tidy frames, summaries of any frame kind, typed errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import tekort
from tekort import errors

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT.parent / "shared" / "data" / "examples" / "onderwijsregio_voorbeelden.csv"
COLUMNS = [
    "component", "method", "region_system", "region", "sector",
    "cutoff", "year", "horizon", "actual", "forecast", "kind",
    "forecast-lo-80", "forecast-hi-80", "forecast-lo-95", "forecast-hi-95",
]  # fmt: skip


@pytest.fixture(scope="module")
def pupils_nl() -> pl.DataFrame:
    return tekort.backtest("pupils", regions="nl")


def test_backtest_is_a_tidy_polars_frame(pupils_nl: pl.DataFrame) -> None:
    bt = pupils_nl
    assert isinstance(bt, pl.DataFrame)
    assert bt.columns == COLUMNS
    assert set(bt["method"]) == {"tekort", "naive", "drift"}
    assert set(bt["kind"]) == {"measured"}  # the kind of the actual: DUO's count of its own year
    # The Monte Carlo's interval on tekort's rows, none on the baselines.
    tk = bt.filter(pl.col("method") == "tekort")
    assert tk["forecast-lo-80"].null_count() == 0
    assert ((tk["forecast-lo-95"] <= tk["forecast-lo-80"]) & (tk["forecast-lo-80"] <= tk["forecast"])
            & (tk["forecast"] <= tk["forecast-hi-80"]) & (tk["forecast-hi-80"] <= tk["forecast-hi-95"])).all()
    assert bt.filter(pl.col("method") != "tekort")["forecast-hi-80"].null_count() == bt.height - tk.height
    assert set(bt["sector"]) == {"po_bo", "po_sbo", "po_so_vso"}
    assert (bt["horizon"] == bt["year"] - bt["cutoff"]).all()
    assert bt["cutoff"].min() == 2005 and bt["year"].max() == 2025
    # The actual is DUO's raw count.
    row = bt.filter((bt["sector"] == "po_bo") & (bt["year"] == 2015)).row(0, named=True)
    assert row["actual"] == 1_443_069


def test_summary_keeps_the_frame_kind_and_scores_like_rust(pupils_nl: pl.DataFrame) -> None:
    s = tekort.backtest_summary(pupils_nl)
    assert isinstance(s, pl.DataFrame)
    assert s.columns == [
        "component", "region_system", "sector", "method", "horizon",
        "count", "mape", "median_ape", "bias", "coverage-80", "coverage-95", "coverage_count",
    ]  # fmt: skip
    s_pd = tekort.backtest_summary(pupils_nl.to_pandas())
    assert isinstance(s_pd, pd.DataFrame)
    assert s_pd["mape"].tolist() == s["mape"].to_list()
    # The summary is the mean of |forecast - actual| / actual, recomputed here.
    one = pupils_nl.filter(
        (pl.col("method") == "drift") & (pl.col("sector") == "po_bo") & (pl.col("horizon") == 5)
    )
    mape = (100 * (one["forecast"] - one["actual"]).abs() / one["actual"]).mean()
    got = s.filter((pl.col("method") == "drift") & (pl.col("sector") == "po_bo") & (pl.col("horizon") == 5))
    assert got["mape"][0] == pytest.approx(mape, rel=1e-12)
    # A user's subset of rows is scored as it is.
    sub = tekort.backtest_summary(pupils_nl.filter(pl.col("cutoff") >= 2015))
    assert sub["count"].sum() < s["count"].sum()


def test_summary_coverage_is_the_share_of_actuals_inside_the_interval(pupils_nl: pl.DataFrame) -> None:
    s = tekort.backtest_summary(pupils_nl)
    one = pupils_nl.filter(
        (pl.col("method") == "tekort") & (pl.col("sector") == "po_bo") & (pl.col("horizon") == 5)
    )
    row = s.filter((pl.col("method") == "tekort") & (pl.col("sector") == "po_bo") & (pl.col("horizon") == 5))
    for level in (80, 95):
        inside = (one["actual"] >= one[f"forecast-lo-{level}"]) & (one["actual"] <= one[f"forecast-hi-{level}"])
        assert row[f"coverage-{level}"][0] == pytest.approx(100 * inside.mean())
    assert row["coverage_count"][0] == one.height == row["count"][0]
    # the baselines have no interval: null, not 0
    base = s.filter(pl.col("method") != "tekort")
    assert base.height > 0 and base["coverage-80"].null_count() == base.height
    assert base["coverage_count"].null_count() == base.height


def test_summary_coverage_of_a_hand_made_frame() -> None:
    rows = {
        "component": ["pupils"] * 5, "method": ["tekort"] * 4 + ["naive"],
        "region_system": ["nl"] * 5, "region": ["Nederland"] * 5, "sector": ["po_bo"] * 5,
        "cutoff": [2010, 2011, 2012, 2013, 2010], "year": [2012, 2013, 2014, 2015, 2012],
        "horizon": [2] * 5, "actual": [100.0, 100.0, 100.0, 100.0, 100.0],
        "forecast": [101.0, 95.0, 110.0, 100.0, 99.0],
        "forecast-lo-50": [99.0, 90.0, 105.0, 100.0, None],  # 100 inside, outside, outside, on the bound
        "forecast-hi-50": [102.0, 99.0, 115.0, 101.0, None],
    }  # fmt: skip
    s = tekort.backtest_summary(pl.DataFrame(rows))
    got = dict(zip(s["method"], zip(s["coverage-50"], s["coverage_count"])))
    assert got == {"tekort": (50.0, 4), "naive": (None, None)}
    # the pandas frame gives the same
    assert tekort.backtest_summary(pd.DataFrame(rows))["coverage-50"].tolist()[:1] == [50.0]
    # without interval columns there are no coverage columns
    plain = tekort.backtest_summary(pl.DataFrame(rows).drop("forecast-lo-50", "forecast-hi-50"))
    assert not [c for c in plain.columns if c.startswith("coverage")]
    with pytest.raises(errors.DataError, match="forecast-hi-50.*numeric"):
        tekort.backtest_summary(pl.DataFrame(rows).with_columns(pl.col("forecast-hi-50").cast(pl.String)))


def test_tekort_beats_drift_nationally_at_5_and_10_years(pupils_nl: pl.DataFrame) -> None:
    s = tekort.backtest_summary(pupils_nl)
    s = s.filter(pl.col("sector") == "po_bo")
    for h in (5, 10):
        by = dict(zip(s.filter(pl.col("horizon") == h)["method"], s.filter(pl.col("horizon") == h)["mape"]))
        assert by["tekort"] < by["drift"] < by["naive"]


def test_shortage_rows_carry_the_monte_carlo_bands() -> None:
    """tekort's national shortage forecasts from past cutoffs carry the
    whole model's Monte Carlo bands (as docs/accuracy.md tabulates them),
    and backtest_summary scores their coverage; the baselines and the G5
    areas have none."""
    bt = tekort.backtest("shortage")
    nl = bt.filter((pl.col("method") == "tekort") & (pl.col("region_system") == "nl"))
    assert nl.height >= 6
    assert nl["forecast-lo-80"].null_count() == 0
    ordered = nl.select(
        (pl.col("forecast-lo-95") <= pl.col("forecast-lo-80"))
        & (pl.col("forecast-lo-80") < pl.col("forecast-hi-80"))
        & (pl.col("forecast-hi-80") <= pl.col("forecast-hi-95"))
    ).to_series()
    assert ordered.all()
    others = bt.filter((pl.col("method") != "tekort") | (pl.col("region_system") != "nl"))
    assert others["forecast-lo-80"].null_count() == others.height
    s = tekort.backtest_summary(bt).filter(
        (pl.col("method") == "tekort") & (pl.col("region_system") == "nl") & (pl.col("sector") == "po")
    )
    inside = nl.filter(pl.col("horizon") == 1).select(
        ((pl.col("actual") >= pl.col("forecast-lo-80")) & (pl.col("actual") <= pl.col("forecast-hi-80"))).mean() * 100
    ).item()
    assert s.filter(pl.col("horizon") == 1)["coverage-80"].item() == pytest.approx(inside)


def test_custom_regions_and_other_components() -> None:
    regions = tekort.Regions.from_csv(EXAMPLES)
    bt = tekort.backtest(["staff", "graduates"], regions=[regions], cutoffs=range(2016, 2019))
    assert set(bt["component"]) == {"staff", "graduates"}
    assert "Onderwijsregio Haaglanden" in set(bt["region"])
    assert bt["cutoff"].min() >= 2016 and bt["cutoff"].max() <= 2018
    official = bt.filter(pl.col("method") == "official")
    assert set(official["cutoff"]) == {2016} and official.height > 0


def test_bad_arguments_raise_typed_errors_naming_the_value() -> None:
    with pytest.raises(errors.UnknownComponentError, match="popils"):
        tekort.backtest("popils")
    with pytest.raises(ValueError):
        tekort.backtest("popils")
    with pytest.raises(errors.YearOutOfRangeError, match="2020"):
        tekort.backtest("births", cutoffs=(2020, 2010))
    with pytest.raises(TypeError, match="cutoffs"):
        tekort.backtest("births", cutoffs="2010..2020")
    with pytest.raises(errors.InvalidValueError, match="horizon"):
        tekort.backtest("births", horizon=0)
    with pytest.raises(errors.UnknownRegionSystemError, match="gemeente"):
        tekort.backtest("pupils", regions="gemeente")
    with pytest.raises(errors.DataError, match="forecast"):
        tekort.backtest_summary(pl.DataFrame({"component": ["pupils"]}))


def test_accuracy_is_the_doc() -> None:
    assert tekort.accuracy() == (ROOT / "docs" / "accuracy.md").read_text(encoding="utf-8")
