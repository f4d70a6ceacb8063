"""``cutoff=``: the whole model with the data up to a year only."""

import polars as pl
import pytest

import tekort


def test_cutoff_starts_from_the_cutoff_and_leaves_out_what_cannot_run() -> None:
    res = tekort.forecast(regions="nl", cutoff=2023, until=2026, start=2021)
    # vo pupils are observed from 2024: with data up to 2023 only po runs.
    assert {s.split("_")[0] for s in res["sector"]} == {"po"}
    assert set(res.filter(pl.col("year") <= 2023)["period"]) == {"history"}
    assert set(res.filter(pl.col("year") > 2023)["kind"]) == {"forecast"}
    po = tekort.aggregate(res, by=["sector_group", "year"])
    pct = dict(zip(po["year"], po["shortage_pct"]))
    # The 2023 measurement in its year; 2024 is a forecast, not the
    # measured 8.1 % written in.
    assert pct[2023] == pytest.approx(9.7)
    assert pct[2024] != pytest.approx(8.1, abs=0.01)
    full = tekort.aggregate(
        tekort.forecast(regions="nl", sector="po", until=2026, start=2021), by=["sector_group", "year"]
    )
    assert dict(zip(full["year"], full["shortage_pct"]))[2024] == pytest.approx(8.1)


def test_a_sector_the_cutoff_cannot_run_is_a_typed_error() -> None:
    with pytest.raises(tekort.errors.TekortError, match="vo"):
        tekort.forecast(regions="nl", sector="vo", cutoff=2023)
    with pytest.raises(tekort.errors.TekortError, match="cutoff"):
        tekort.forecast(regions="nl", cutoff=2019)
    with pytest.raises(tekort.errors.InvalidArgumentError, match="cutoff"):
        tekort.forecast(regions="nl", cutoff="2023")  # type: ignore[arg-type]


def test_indicators_take_the_cutoff() -> None:
    ind = tekort.indicators(regions="nl", sector="po", cutoff=2024, until=2030, target_year=2030)
    assert ind["year"].min() <= 2024
    assert "forecast" in set(ind["kind"])


def test_measurements_anchor_their_own_year() -> None:
    new = pl.DataFrame(
        {
            "sector": ["po"],
            "region_type": ["nl"],
            "region": ["Nederland"],
            "year": [2025],
            "shortage_pct": [7.0],
            "shortage_fte": [7000.0],
        }
    )
    res = tekort.forecast(regions="nl", sector="po", until=2027, measurements=new)
    po = tekort.aggregate(res, by=["sector_group", "year"])
    assert dict(zip(po["year"], po["shortage_pct"]))[2025] == pytest.approx(7.0)
    assert set(res.filter(pl.col("year") == 2025)["kind"]) == {"measured"}
    with pytest.raises(tekort.errors.TekortError, match="2027"):
        tekort.forecast(regions="nl", measurements=new.with_columns(pl.lit(2027).alias("year")))


def test_what_the_cutoff_leaves_out_is_a_calibration_warning() -> None:
    with pytest.warns(tekort.errors.CalibrationWarning, match="cutoff 2022: vo, mbo: .* left out"):
        res = tekort.forecast(regions="nl", cutoff=2022, until=2024)
    assert {s.split("_")[0] for s in res["sector"]} == {"po"}


def test_funding_moves_demand_after_the_latest_measurement(tmp_path) -> None:
    extra = pl.DataFrame(
        {
            "fund": ["extra"],
            "sector": ["po"],
            "announced": [2025],
            "year": [2030],
            "staff_per_pupil_pct": [10.0],
            "kind": ["structural"],
        }
    )
    plain = tekort.forecast(regions="nl", sector="po", until=2032)
    key = ["sector", "year"]
    for funding in (extra, tmp_path / "funding.csv"):
        if not isinstance(funding, pl.DataFrame):
            extra.write_csv(funding)
        funded = tekort.forecast(regions="nl", sector="po", until=2032, funding=funding)
        both = plain.select(key + ["demand_fte"]).join(funded.select(key + ["demand_fte"]), on=key, suffix="_f")
        ratio = dict(zip(zip(both["sector"], both["year"]), both["demand_fte_f"] / both["demand_fte"]))
        for (sector, year), r in ratio.items():
            assert r == pytest.approx(1.1 if year >= 2030 else 1.0, rel=1e-9), (sector, year)
    # A fund announced after the cutoff is not seen from it.
    late = extra.with_columns(pl.lit(2024).alias("announced"))
    cut = tekort.forecast(regions="nl", sector="po", until=2032, cutoff=2023)
    hidden = tekort.forecast(regions="nl", sector="po", until=2032, cutoff=2023, funding=extra)
    assert hidden["demand_fte"].to_list() == cut["demand_fte"].to_list()
    at_2024 = tekort.forecast(regions="nl", sector="po", until=2032, cutoff=2024)
    seen = tekort.forecast(regions="nl", sector="po", until=2032, cutoff=2024, funding=late)
    in_2031 = [f.filter(pl.col("year") == 2031)["demand_fte"].sum() for f in (at_2024, seen)]
    assert in_2031[1] / in_2031[0] == pytest.approx(1.1, rel=1e-9)
    with pytest.raises(tekort.errors.TekortError, match="150"):
        tekort.forecast(regions="nl", sector="po", funding=extra.with_columns(pl.lit(150.0).alias("staff_per_pupil_pct")))
