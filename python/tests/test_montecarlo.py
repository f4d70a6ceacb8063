"""The Monte Carlo from Python: forecast(draws=...) intervals, simulate() draws,
their argument checks, and what aggregate and the fan chart make of them."""

from __future__ import annotations

import re
import warnings
from typing import Iterator

import polars as pl
import pytest

import tekort
from tekort.errors import InvalidValueError

MC_COLUMNS = ("pupils", "demand_fte", "employment_fte", "shortage_fte", "shortage_pct")
DRAWN = MC_COLUMNS[:4]
"""The additive variables, whose draws come along as list columns."""
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
    draws = [f"{c}-draws" for c in DRAWN]
    assert [c for c in res.columns if c.endswith("-draws")] == draws
    assert res.drop(interval + point + draws).equals(central.drop(list(MC_COLUMNS)))
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
    interval = [c for c in a.columns if "-lo-" in c or "-hi-" in c or c in MC_COLUMNS or c.endswith("-draws")]
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


def _type7(values: list, p: float) -> float:
    """Quantile p of values, type 7, written out as montecarlo.rs's quantile_sorted."""
    v = sorted(values)
    x = p * (len(v) - 1)
    i = int(x)
    return v[i] + (x - i) * (v[i + 1] - v[i]) if i + 1 < len(v) else v[-1]


def test_a_group_of_one_row_gives_back_the_rust_bounds(nl: pl.DataFrame) -> None:
    # Every row its own group: the summed draws are the row's draws, and
    # the bounds, medians and shortage % per draw come out bit for bit.
    keys = KEYS + ["period", "kind"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = tekort.aggregate(nl, by=keys)
    assert same.height == nl.height
    computed = [f"{c}-{b}-{lvl}" for c in MC_COLUMNS for lvl in LEVELS for b in ("lo", "hi")]
    computed += list(MC_COLUMNS) + [f"{c}-draws" for c in DRAWN]
    for col in computed:
        assert same[col].equals(nl[col]), col


def test_collapse_sectors_keeps_po_intervals() -> None:
    fc = tekort.forecast(regions="nl", sector="po", until=2030, draws=40, start=2023)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "drops the interval columns" warning
        po = tekort.collapse_sectors(fc)
    assert po["sector"].unique().to_list() == ["po"] and po.height == fc["year"].n_unique()
    row = po.filter(pl.col("year") == 2030).row(0, named=True)
    parts = fc.filter(pl.col("year") == 2030)
    # The draws of the total are the sums of the draws of the three types.
    summed = [sum(x) for x in zip(*parts["shortage_fte-draws"].to_list())]
    employed = [sum(x) for x in zip(*parts["employment_fte-draws"].to_list())]
    assert row["shortage_fte-draws"] == pytest.approx(summed, rel=1e-12)
    pct = [100 * s / e for s, e in zip(summed, employed)]
    for lvl, p in ((80, 0.1), (95, 0.025)):
        assert row[f"shortage_pct-lo-{lvl}"] == pytest.approx(_type7(pct, p), rel=1e-12)
        assert row[f"shortage_pct-hi-{lvl}"] == pytest.approx(_type7(pct, 1 - p), rel=1e-12)
        assert row[f"shortage_fte-hi-{lvl}"] == pytest.approx(_type7(summed, 1 - p), rel=1e-12)
    assert row["shortage_pct"] == pytest.approx(_type7(pct, 0.5), rel=1e-12)
    assert row["shortage_fte-central"] == pytest.approx(parts["shortage_fte-central"].sum(), rel=1e-12)
    assert row["shortage_pct-central"] == pytest.approx(
        100 * parts["shortage_fte-central"].sum() / parts["employment_fte-central"].sum(), rel=1e-12
    )
    # The same as the quantiles of simulate() summed per draw.
    sims = tekort.simulate(regions="nl", sector="po", until=2030, draws=40, start=2023)
    again = tekort.intervals(sims, by=["year"], levels=[80, 95])
    both = po.join(again, on="year", suffix="_sim")
    for col in ("shortage_pct-lo-80", "shortage_fte-hi-95", "shortage_pct", "pupils-lo-95"):
        assert both[col].to_list() == pytest.approx(both[f"{col}_sim"].to_list(), rel=1e-12), col
    # intervals() of the forecast frame itself, at a level of its own.
    own = tekort.intervals(fc, by=["year"], levels=[50, 97.5])
    sims_own = tekort.intervals(sims, by=["year"], levels=[50, 97.5])
    assert own.columns == sims_own.columns and "shortage_pct-hi-97.5" in own.columns
    for col in ("shortage_pct-lo-50", "shortage_pct-hi-97.5", "employment_fte-hi-50"):
        assert own[col].to_list() == pytest.approx(sims_own[col].to_list(), rel=1e-12), col


def test_aggregate_keeps_intervals_for_any_by(res: pl.DataFrame) -> None:
    for by in (["scenario", "region_system", "sector_group", "year"], ["year"], ["region", "year"]):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            total = tekort.aggregate(res, by=by)
        for col in MC_COLUMNS:
            for lvl in LEVELS:
                lo, hi = pl.col(f"{col}-lo-{lvl}"), pl.col(f"{col}-hi-{lvl}")
                bad = total.filter((lo > pl.col(col) + _tol(col)) | (hi < pl.col(col) - _tol(col)) | lo.is_null())
                assert bad.height == 0, (by, col, lvl)
    # Aggregating an aggregate: the draws carry on.
    nat = tekort.aggregate(tekort.aggregate(res, by=["region", "year"]), by=["year"])
    direct = tekort.aggregate(res, by=["year"])
    assert nat["shortage_pct-hi-95"].to_list() == pytest.approx(direct["shortage_pct-hi-95"].to_list(), rel=1e-9)


def test_aggregate_without_draws_warns_and_drops_the_intervals(nl: pl.DataFrame) -> None:
    # As read back from a CSV file: the interval columns without the draws.
    flat = nl.drop([c for c in nl.columns if c.endswith("-draws")])
    with pytest.warns(UserWarning, match="quantiles do not add up.*forecast\\(draws=N\\)"):
        total = tekort.aggregate(flat)
    assert not [c for c in total.columns if "-lo-" in c or "-hi-" in c]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = tekort.aggregate(flat.select([c for c in flat.columns if "-lo-" not in c and "-hi-" not in c]))
    assert total.equals(plain)


def test_save_leaves_out_the_draws(nl: pl.DataFrame, tmp_path) -> None:
    path = tmp_path / "nl.csv"
    tekort.save(nl, path)
    back = pl.read_csv(path)
    assert not [c for c in back.columns if c.endswith("-draws")]
    assert "shortage_pct-lo-80" in back.columns and back.height == nl.height


def test_intervals_checks_its_arguments(sims: pl.DataFrame) -> None:
    from tekort.errors import DataError

    with pytest.raises(DataError, match="sample_id.*draws=N"):
        tekort.intervals(tekort.forecast(regions="nl", until=2026), by=["year"])
    with pytest.raises(InvalidValueError, match="levels: 0.8.*did you mean 80"):
        tekort.intervals(sims, by=["year"], levels=[0.8])
    with pytest.raises(DataError, match="nope"):
        tekort.intervals(sims, by=["nope"])


def test_a_sectors_bands_do_not_depend_on_the_other_sectors() -> None:
    kw = dict(regions="nl", until=2030, draws=60, seed=7)
    alone = tekort.forecast(sector="po", **kw)
    more = tekort.forecast(sector=["po", "vo"], **kw).filter(pl.col("sector").str.starts_with("po"))
    assert alone.equals(more)


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


@pytest.mark.filterwarnings("ignore::tekort.errors.CalibrationWarning")
def test_every_frame_with_years_has_kind_and_one_interval_naming() -> None:
    kw: dict = dict(regions="nl", sector="vo", until=2027)
    frames = {
        "forecast": tekort.forecast(**kw),
        "forecast(draws)": tekort.forecast(**kw, draws=5),
        "simulate": tekort.simulate(**kw, draws=5),
        "microsim": tekort.microsim(**kw, runs=2),
        "microsim(samples)": tekort.microsim(**kw, runs=2, samples=True),
        "workforce_by_age": tekort.workforce_by_age(**kw),
        "indicators": tekort.indicators(**kw, target_year=2027, draws=5),
        "backtest": tekort.backtest("births", regions="nl", cutoffs=2015, horizon=2),
    }
    for name, frame in frames.items():
        assert "year" in frame.columns and "kind" in frame.columns, name
        assert set(frame["kind"]) <= {"measured", "estimated", "forecast"}, name
        names = list(frame.columns)
        if name == "indicators":
            names = frame["indicator"].unique().to_list()
        odd = [c for c in names if ("_lo_" in c or "_hi_" in c or "-lo-" in c or "-hi-" in c)
               and not re.fullmatch(r"[a-z_0-9]+-(lo|hi)-\d+", c)]  # fmt: skip
        assert not odd, (name, odd)
    assert "shortage_pct-lo-80" in set(frames["indicators"]["indicator"])
