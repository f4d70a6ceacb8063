"""The microsimulation from Python: the mean over runs in the forecast's
columns, intervals, every run with samples=True, its argument checks, and
agreement with the cohort engine when the years-of-service effect is off."""

from __future__ import annotations

import warnings

import pandas as pd
import polars as pl
import pytest

import tekort
from tekort.errors import InvalidValueError


@pytest.fixture(scope="module")
def micro() -> pl.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tekort.microsim(regions="provincie", until=2032, runs=8, seed=3)


def test_mean_in_the_forecast_columns_with_intervals(micro: pl.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cohort = tekort.forecast(regions="provincie", until=2032)
    base = [c for c in cohort.columns]
    assert base == micro.columns[: len(base)]
    assert micro.height == cohort.height
    for v in ("shortage_fte", "shortage_pct", "employment_fte", "demand_fte", "pupils"):
        for lvl in (80, 95):
            lo, hi = micro[f"{v}-lo-{lvl}"], micro[f"{v}-hi-{lvl}"]
            assert (lo <= hi).all(), v
    # The 95 % band holds the 80 % band.
    assert (micro["shortage_fte-lo-95"] <= micro["shortage_fte-lo-80"] + 1e-9).all()


def test_samples_have_a_sample_id_and_average_to_the_mean(micro: pl.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = tekort.microsim(regions="provincie", until=2032, runs=8, seed=3, samples=True)
    assert runs["sample_id"].n_unique() == 8
    # The central run of a microsimulation is the mean over its runs (in
    # `-central`; the point column is their median).
    stats = runs.group_by(["region", "sector", "year"]).agg(
        pl.col("employment_fte").mean().alias("m"),
        pl.col("employment_fte").quantile(0.5, interpolation="linear").alias("q"),
    )
    joined = micro.join(stats, on=["region", "sector", "year"])
    assert joined.height == micro.height
    close = lambda a, b: ((joined[a] - joined[b]).abs() <= 1e-6 * joined[b].abs() + 1e-9).all()  # noqa: E731
    assert close("employment_fte-central", "m")
    assert close("employment_fte", "q")


def test_same_seed_same_frame_other_seed_other_frame(micro: pl.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = tekort.microsim(regions="provincie", until=2032, runs=8, seed=3)
        other = tekort.microsim(regions="provincie", until=2032, runs=8, seed=4)
    assert again.equals(micro)
    assert not other.equals(micro)


def test_without_tenure_close_to_the_cohort_engine() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = tekort.microsim(regions="nl", until=2035, runs=12, seed=1, tenure=False, uncertainty=False)
        c = tekort.forecast(regions="nl", until=2035)
    j = m.join(c, on=["region", "sector", "year"], suffix="_c")
    rel = ((j["employment_fte"] - j["employment_fte_c"]).abs() / j["employment_fte_c"]).max()
    assert rel is not None and 0 < rel < 0.01


def test_pandas_inputs_work() -> None:
    regions = pd.DataFrame({"gemeentecode": ["0034"], "region": ["Almere"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = tekort.microsim(regions=tekort.Regions.from_frame(regions, name="eigen"), sector="po", until=2027, runs=2)
    assert set(m["region"]) >= {"Almere"}


@pytest.mark.parametrize(
    ("kwargs", "error", "needle"),
    [
        ({"runs": 0}, InvalidValueError, "runs"),
        ({"runs": 2.5}, TypeError, "runs"),
        ({"runs": True}, TypeError, "runs"),
        ({"runs": 2, "seed": -1}, TypeError, "seed"),
        ({"runs": 2, "level": "80"}, TypeError, "level"),
        ({"runs": 2, "level": 120}, tekort.TekortError, "120"),
        ({"runs": 2, "tenure": "yes"}, TypeError, "tenure"),
    ],
)
def test_bad_arguments_name_the_value(kwargs: dict, error: type, needle: str) -> None:
    with pytest.raises(error, match=needle):
        tekort.microsim(regions="nl", until=2027, **kwargs)


def test_a_sectors_runs_do_not_depend_on_the_other_sectors() -> None:
    # Each market region and sector has its own stream of record draws:
    # po's rows, the mean, the bands and every run, are the same bit for bit
    # with or without vo and mbo in the call.
    kw = dict(regions="nl", until=2029, runs=3, seed=7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alone = tekort.microsim(sector="po", **kw)
        more = tekort.microsim(sector=["po", "vo", "mbo"], **kw)
    more = more.filter(pl.col("sector").str.starts_with("po"))
    assert alone.height > 0
    assert alone.equals(more)
