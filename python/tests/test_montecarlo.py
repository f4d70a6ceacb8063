"""The Monte Carlo from Python: forecast(draws=...) intervals, simulate() draws,
their argument checks, and what aggregate and the fan chart make of them."""

from __future__ import annotations

import warnings
from typing import Iterator

import polars as pl
import pytest

import tekort
from tekort.errors import InvalidValueError

MC_COLUMNS = ("pupils", "demand_fte", "employment_fte", "shortage_fte", "shortage_pct")
LEVELS = (80, 95)
KEYS = ["scenario", "region_system", "region", "sector", "year"]
REL = 1e-9


def _tol(col: str) -> pl.Expr:
    """A relative tolerance of 1e-9 on ``col`` (the base year's bounds equal the central run)."""
    return REL * pl.col(col).abs() + 1e-12


@pytest.fixture(scope="module")
def res() -> pl.DataFrame:
    return tekort.forecast(draws=200)


@pytest.fixture(scope="module")
def nl() -> pl.DataFrame:
    return tekort.forecast(regions="nl", draws=200)


def test_interval_columns_in_the_nixtla_style(res: pl.DataFrame) -> None:
    interval = [c for c in res.columns if "-lo-" in c or "-hi-" in c]
    expected = [f"{c}-{b}-{lvl}" for c in MC_COLUMNS for lvl in LEVELS for b in ("lo", "hi")]
    assert sorted(interval) == sorted(expected) and len(interval) == 20
    assert res.select(interval).null_count().sum_horizontal()[0] == 0
    # The point of each interval column is the median of the draws; its
    # deterministic run is in `-central`, and every other column is the
    # deterministic run.
    central = tekort.forecast()
    point = list(MC_COLUMNS) + [f"{c}-central" for c in MC_COLUMNS]
    assert res.drop(interval + point).equals(central.drop(list(MC_COLUMNS)))
    for col in MC_COLUMNS:
        assert res[f"{col}-central"].equals(central[col].alias(f"{col}-central"))


def test_every_point_lies_within_its_bands(res: pl.DataFrame) -> None:
    # A law now: the point is the median of the draws, so lo-95 <= lo-80 <=
    # point <= hi-80 <= hi-95 in every row (the deterministic run, in
    # `-central`, need not be: the model is not linear).
    for col in MC_COLUMNS:
        for lvl in LEVELS:
            lo, hi = pl.col(f"{col}-lo-{lvl}"), pl.col(f"{col}-hi-{lvl}")
            bad = res.filter((lo > pl.col(col) + _tol(col)) | (hi < pl.col(col) - _tol(col)))
            assert bad.height == 0, (col, lvl, bad.select(*KEYS, col, f"{col}-lo-{lvl}", f"{col}-hi-{lvl}"))


def test_95_bands_contain_80_bands(res: pl.DataFrame) -> None:
    for col in MC_COLUMNS:
        lo80, hi80 = f"{col}-lo-80", f"{col}-hi-80"
        bad = res.filter(
            (pl.col(f"{col}-lo-95") > pl.col(lo80) + _tol(lo80))
            | (pl.col(f"{col}-hi-95") < pl.col(hi80) - _tol(hi80))
        )
        assert bad.height == 0, (col, bad.select(*KEYS))


def test_observed_years_have_no_width() -> None:
    past = tekort.forecast(regions="nl", sector="po", until=2027, start=2021, draws=20)
    fixed = past.filter(pl.col("year") <= 2025)  # po: observed up to the base year
    assert set(fixed.filter(pl.col("year") < 2025)["period"]) == {"history"}
    for col in MC_COLUMNS:
        for bound in ("lo", "hi"):
            gap = (fixed[f"{col}-{bound}-95"] - fixed[col]).abs().max()
            assert gap <= REL * fixed[col].abs().max(), (col, bound)
    # the years after them vary
    assert past.filter(pl.col("year") == 2027).select(
        (pl.col("shortage_fte-hi-80") > pl.col("shortage_fte-lo-80")).all()
    ).item()


def test_bands_widen_with_the_horizon(nl: pl.DataFrame) -> None:
    bo = nl.filter(pl.col("sector") == "po_bo")
    width = {
        y: bo.filter(pl.col("year") == y).select(
            pl.col("shortage_fte-hi-80") - pl.col("shortage_fte-lo-80")
        ).item()
        for y in (2026, 2040)
    }
    assert width[2040] > width[2026] > 0


def test_same_seed_same_frame_another_seed_another() -> None:
    kw = dict(regions="nl", sector="vo", until=2030, draws=50)
    a = tekort.forecast(**kw, seed=7)
    assert a.equals(tekort.forecast(**kw, seed=7))
    b = tekort.forecast(**kw, seed=8)
    assert not a.equals(b)
    interval = [c for c in a.columns if "-lo-" in c or "-hi-" in c or c in MC_COLUMNS]
    assert a.drop(interval).equals(b.drop(interval))  # the central run does not depend on the seed
    later = pl.col("year") > 2025
    assert not a.filter(later).select(interval).equals(b.filter(later).select(interval))


# ---------------------------------------------------------------- simulate


@pytest.fixture(scope="module")
def sims() -> pl.DataFrame:
    return tekort.simulate(regions="nl", draws=50)


def test_simulate_has_every_draw(sims: pl.DataFrame) -> None:
    assert sims.columns == ["sample_id", *KEYS, "period", "kind", *MC_COLUMNS]
    assert sims["sample_id"].n_unique() == 50
    assert sorted(sims["sample_id"].unique().to_list()) == list(range(50))
    per_draw = sims.group_by("sample_id").len()["len"].unique().to_list()
    assert per_draw == [tekort.forecast(regions="nl").height]


def test_simulate_quantiles_are_the_forecast_intervals(sims: pl.DataFrame) -> None:
    fc = tekort.forecast(regions="nl", draws=50, level=80)
    assert [c for c in fc.columns if c.startswith("shortage_pct-")] == [
        "shortage_pct-central", "shortage_pct-lo-80", "shortage_pct-hi-80",
    ]  # fmt: skip
    q = sims.group_by(KEYS).agg(
        pl.col("shortage_pct").quantile(0.1, interpolation="linear").alias("lo"),
        pl.col("shortage_pct").quantile(0.5, interpolation="linear").alias("mid"),
        pl.col("shortage_pct").quantile(0.9, interpolation="linear").alias("hi"),
    )
    both = fc.join(q, on=KEYS, how="left", validate="1:1")
    assert both.height == fc.height and both["lo"].null_count() == 0
    assert both["lo"].to_list() == pytest.approx(both["shortage_pct-lo-80"].to_list(), rel=REL)
    assert both["mid"].to_list() == pytest.approx(both["shortage_pct"].to_list(), rel=REL)
    assert both["hi"].to_list() == pytest.approx(both["shortage_pct-hi-80"].to_list(), rel=REL)


def test_simulate_seed_and_draws_are_checked() -> None:
    with pytest.raises(InvalidValueError, match="draws"):
        tekort.simulate(regions="nl", draws=0)
    with pytest.raises(TypeError, match="seed"):
        tekort.simulate(regions="nl", draws=5, seed=-1)


# ------------------------------------------------------------------ errors


def test_draws_must_be_at_least_one() -> None:
    with pytest.raises(InvalidValueError, match="draws: 0"):
        tekort.forecast(regions="nl", until=2026, draws=0)


@pytest.mark.parametrize("draws", ["x", 2.5, True])
def test_draws_must_be_a_whole_number(draws: object) -> None:
    with pytest.raises(TypeError, match="draws"):
        tekort.forecast(regions="nl", until=2026, draws=draws)  # type: ignore[arg-type]


def test_levels_need_draws() -> None:
    with pytest.raises(InvalidValueError, match="draws"):
        tekort.forecast(regions="nl", until=2026, level=(80,))


@pytest.mark.parametrize("level", [(120,), (80, 120), 0, 100])
def test_levels_between_0_and_100(level: object) -> None:
    bad = [x for x in (level if isinstance(level, tuple) else (level,)) if not 0 < x < 100][0]
    with pytest.raises(InvalidValueError, match=f"level: {bad}"):
        tekort.forecast(regions="nl", until=2026, draws=5, level=level)  # type: ignore[arg-type]


# --------------------------------------------------- aggregate and the fan


def test_aggregate_warns_and_drops_the_intervals(nl: pl.DataFrame) -> None:
    with pytest.warns(UserWarning, match="quantiles do not add up"):
        total = tekort.aggregate(nl)
    assert not [c for c in total.columns if "-lo-" in c or "-hi-" in c]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = tekort.aggregate(nl.select([c for c in nl.columns if "-lo-" not in c and "-hi-" not in c]))
    assert total.equals(plain)


@pytest.fixture
def _agg() -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def test_fan_accepts_pandas(nl: pl.DataFrame, _agg: None) -> None:
    pytest.importorskip("pandas")
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    import tekort.plot

    fig = tekort.plot.fan(nl.to_pandas(), region="Nederland", sector="po_bo", column="shortage_fte")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 2
    point = nl.filter(pl.col("sector") == "po_bo").sort("year")["shortage_fte"].to_list()
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx(point)
