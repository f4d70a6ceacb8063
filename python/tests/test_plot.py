"""tekort.plot: every figure function on real forecasts, with the Agg backend."""

from __future__ import annotations

import sys
from typing import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402
import polars.selectors as cs  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import tekort  # noqa: E402
from tekort import plot  # noqa: E402
from tekort.plot import _palette  # noqa: E402
from tekort.errors import DataError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def res() -> pl.DataFrame:
    return tekort.forecast(regions="provincie", until=2030)


@pytest.fixture(scope="module")
def two_scenarios() -> pl.DataFrame:
    more = tekort.Scenario("meer zij-instroom", zij_instroom=1.5, sectors=["po"])
    return tekort.forecast(
        regions="provincie", sector="po", until=2030, scenarios=[tekort.Scenario.baseline(), more]
    )


@pytest.fixture(scope="module")
def ages() -> pl.DataFrame:
    return tekort.workforce_by_age(regions="provincie", until=2030)


@pytest.fixture(scope="module")
def bt() -> pl.DataFrame:
    return tekort.backtest("pupils", regions=("nl", "arbeidsmarktregio"))


@pytest.fixture(scope="module")
def graduates() -> pl.DataFrame:
    return tekort.backtest("graduates", regions="nl")


def _caption_count(fig: Figure) -> int:
    return sum(t.get_text() == plot.SOURCE for t in fig.texts)


# ---------------------------------------------------------------- shortage


def test_shortage_national_lines_per_sector_group(res: pl.DataFrame) -> None:
    fig = plot.shortage(res)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")] == [
        "po",
        "vo",
        "mbo",
    ]
    assert "Nederland" in ax.get_title() and "baseline" in ax.get_title()
    assert "%" in ax.get_ylabel()
    assert _caption_count(fig) == 1


def test_shortage_po_is_the_sum_of_po_types(res: pl.DataFrame) -> None:
    fig = plot.shortage(res, sector="po", column="shortage_pct")
    line = fig.axes[0].get_lines()[0]
    po = res.filter(pl.col("sector").str.starts_with("po"))
    expected = (
        po.group_by("year")
        .agg((100 * pl.col("shortage_fte").sum() / pl.col("employment_fte").sum()).alias("pct"))
        .sort("year")
    )
    assert list(line.get_xdata()) == expected["year"].to_list()
    assert list(line.get_ydata()) == pytest.approx(expected["pct"].to_list())


def test_shortage_one_region_and_output_sectors(res: pl.DataFrame) -> None:
    fig = plot.shortage(res, region="Utrecht", sector=["po_bo", "vo"], column="shortage_fte")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()][:2] == ["po_bo", "vo"]
    row = res.filter(pl.col("region") == "Utrecht", pl.col("sector") == "vo").sort("year")
    assert list(ax.get_lines()[1].get_ydata()) == pytest.approx(row["shortage_fte"].to_list())
    assert "Utrecht" in ax.get_title() and ax.get_ylabel().endswith("(fte)")


def test_shortage_draws_on_given_ax(res: pl.DataFrame) -> None:
    fig, (left, right) = plt.subplots(1, 2)
    out = plot.shortage(res, sector="vo", ax=right)
    assert out is fig
    assert len(right.get_lines()) >= 1 and len(left.get_lines()) == 0
    plot.shortage(res, sector="mbo", ax=left)
    assert _caption_count(fig) == 1  # one caption per figure, not per call


def test_shortage_accepts_pandas_and_pyarrow(res: pl.DataFrame) -> None:
    ref = plot.shortage(res, sector="po").axes[0].get_lines()[0].get_ydata()
    for frame in (res.to_pandas(), res.to_arrow()):
        ydata = plot.shortage(frame, sector="po").axes[0].get_lines()[0].get_ydata()
        assert list(ydata) == pytest.approx(list(ref))


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"region": "Atlantis"}, "Atlantis"),
        ({"sector": "ko"}, "ko"),
        ({"sector": ["po", "hbo"]}, "hbo"),
        ({"scenario": "utopia"}, "utopia"),
        ({"column": "happiness_pct"}, "happiness_pct"),
        ({"column": "region"}, "region"),
    ],
)
def test_shortage_unknown_values_raise_data_error(res: pl.DataFrame, kwargs: dict, needle: str) -> None:
    with pytest.raises(DataError, match=needle):
        plot.shortage(res, **kwargs)


def test_sector_missing_from_frame_is_an_error() -> None:
    vo_only = tekort.forecast(regions="nl", sector="vo", until=2027)
    with pytest.raises(DataError, match="'po'"):
        plot.shortage(vo_only, sector="po")


def test_national_total_refuses_mixed_region_systems(res: pl.DataFrame) -> None:
    nl = tekort.forecast(regions="nl", until=2030)
    mixed = pl.concat([res, nl])
    with pytest.raises(DataError, match="region systems"):
        plot.shortage(mixed)
    plot.shortage(mixed, region="Utrecht")  # one region is fine


# ------------------------------------------------------ Monte Carlo bands


@pytest.fixture(scope="module")
def mc() -> pl.DataFrame:
    return tekort.forecast(regions="nl", until=2032, draws=100, start=2021)


@pytest.fixture(scope="module")
def mc_regions() -> pl.DataFrame:
    return tekort.forecast(regions="provincie", until=2030, draws=50)


def _bands(ax: "plt.Axes") -> list:
    from matplotlib.collections import PolyCollection

    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def _band_limits(band: "object", year: float) -> tuple:
    """The lowest and highest y of a band's outline at ``year``."""
    ys = [y for path in band.get_paths() for x, y in path.vertices if abs(x - year) < 1e-9]
    return min(ys), max(ys)


def test_fan_draws_the_central_run_and_both_bands(mc: pl.DataFrame) -> None:
    fig = plot.fan(mc, sector="po_bo")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    bands = _bands(ax)
    assert len(bands) == 2  # 95 % and 80 %
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "median of the draws", "history", "measured", "95 % interval", "80 % interval",
    ]  # fmt: skip
    assert bands[0].get_alpha() is not None  # the light 95 % band first, the 80 % on top
    assert ax.get_title() == "Shortage — Nederland · po_bo · scenario baseline"
    assert "%" in ax.get_ylabel()
    assert _caption_count(fig) == 1
    assert [p.get_label() for p in ax.patches] == ["history"]

    rows = mc.filter(pl.col("sector") == "po_bo").sort("year")
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == rows["year"].to_list()  # history years included
    assert list(line.get_ydata()) == pytest.approx(rows["shortage_pct"].to_list())
    xs = {x for band in bands for path in band.get_paths() for x, _ in path.vertices}
    assert min(xs) == rows["year"].min() and max(xs) == rows["year"].max()
    for year in rows.filter(pl.col("period") == "history")["year"]:  # observed: no width
        lo, hi = _band_limits(bands[0], year)
        assert hi - lo < 1e-9 * hi
    y2030 = rows.filter(pl.col("year") == 2030).row(0, named=True)
    for band, level in zip(bands, (95, 80)):
        lo, hi = _band_limits(band, 2030)
        assert lo == pytest.approx(y2030[f"shortage_pct-lo-{level}"])
        assert hi == pytest.approx(y2030[f"shortage_pct-hi-{level}"])


def test_fan_levels_column_and_ax(mc: pl.DataFrame) -> None:
    fig, (left, right) = plt.subplots(1, 2)
    out = plot.fan(mc, column="shortage_fte", sector="vo", levels=80, ax=right)
    assert out is fig and len(_bands(left)) == 0
    assert len(_bands(right)) == 1
    assert right.get_ylabel().endswith("(fte)") and "vo" in right.get_title()
    plot.fan(mc, column="pupils", sector="mbo", levels=[80, 95], ax=left)
    assert len(_bands(left)) == 2
    assert _caption_count(fig) == 1


def test_fan_accepts_pandas_and_pyarrow(mc: pl.DataFrame) -> None:
    ref = plot.fan(mc, sector="po_bo").axes[0].get_lines()[0].get_ydata()
    for frame in (mc.to_pandas(), mc.to_arrow()):
        fig = plot.fan(frame, sector="po_bo")
        assert list(fig.axes[0].get_lines()[0].get_ydata()) == pytest.approx(list(ref))
        assert len(_bands(fig.axes[0])) == 2


def test_fan_one_region_of_a_regional_frame(mc_regions: pl.DataFrame) -> None:
    fig = plot.fan(mc_regions, region="Utrecht", sector="vo", column="employment_fte")
    assert len(_bands(fig.axes[0])) == 2
    assert "Utrecht" in fig.axes[0].get_title()


def test_fan_po_group_of_a_single_po_type() -> None:
    bo = tekort.forecast(regions="nl", sector="po_bo", until=2028, draws=20)
    fig = plot.fan(bo, sector="po")  # the only po row per year: nothing to sum
    assert "po_bo" in fig.axes[0].get_title() and len(_bands(fig.axes[0])) == 2


def test_fan_needs_interval_columns(res: pl.DataFrame) -> None:
    with pytest.raises(DataError, match=r"no interval columns for 'shortage_pct'.*draws="):
        plot.fan(res, region="Utrecht", sector="vo")


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"sector": "ko"}, "'ko'.*po_bo"),
        ({"sector": "po"}, r"'po' is the sum of po_bo.*simulate"),
        ({"sector": ["po_bo", "vo"]}, "po_bo"),
        ({}, "several sectors"),
        ({"sector": "vo", "region": "Atlantis"}, "Atlantis.*Nederland"),
        ({"sector": "vo", "scenario": "utopia"}, "utopia.*baseline"),
        ({"sector": "vo", "column": "vacancies_fte"}, "vacancies_fte.*shortage_pct"),
        ({"sector": "vo", "column": "happiness_pct"}, "happiness_pct"),
        ({"sector": "vo", "levels": 90}, "90.*80, 95"),
        ({"sector": "vo", "levels": [80, 50]}, "50"),
        ({"sector": "vo", "levels": []}, "empty"),
    ],
)
def test_fan_unknown_values_raise(mc: pl.DataFrame, kwargs: dict, needle: str) -> None:
    with pytest.raises(DataError, match=needle):
        plot.fan(mc, **kwargs)


def test_fan_refuses_a_total_over_regions(mc_regions: pl.DataFrame) -> None:
    with pytest.raises(DataError, match=r"several regions.*regions='nl'.*simulate"):
        plot.fan(mc_regions, sector="vo")


def test_shortage_draws_bands_for_a_single_series(mc: pl.DataFrame) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "aggregate drops the interval columns" warning
        fig = plot.shortage(mc, sector="po_bo")
    ax = fig.axes[0]
    assert len(_bands(ax)) == 2
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-2:] == ["95 % interval", "80 % interval"]
    line = ax.get_lines()[0]
    assert _bands(ax)[0].get_facecolor()[0][:3] == pytest.approx(
        matplotlib.colors.to_rgb(line.get_color())
    )
    row = mc.filter(pl.col("sector") == "po_bo", pl.col("year") == 2032).row(0, named=True)
    assert _band_limits(_bands(ax)[1], 2032) == pytest.approx(
        (row["shortage_pct-lo-80"], row["shortage_pct-hi-80"])
    )
    # two output sectors: bands for each
    assert len(_bands(plot.shortage(mc, sector=["po_bo", "vo"]).axes[0])) == 4


def test_shortage_sums_have_no_bands(mc: pl.DataFrame, mc_regions: pl.DataFrame) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        groups = plot.shortage(mc)  # po, vo, mbo: vo and mbo are one row per year, po a sum
        cases = [
            plot.shortage(mc, sector="po"),  # po is the sum of three po types
            plot.shortage(mc_regions, sector="vo"),  # the total over the provinces
            plot.shortage(mc, sector="vo", column="vacancies_fte"),  # no intervals for it
            plot.scenarios(mc_regions),
            plot.ranking(mc_regions),
        ]
    assert len(_bands(groups.axes[0])) == 4
    colors = {tuple(b.get_facecolor()[0][:3]) for b in _bands(groups.axes[0])}
    po, vo, mbo = (matplotlib.colors.to_rgb(line.get_color()) for line in groups.axes[0].get_lines()[:3])
    assert colors == {vo, mbo}
    for fig in cases[:3]:
        assert len(_bands(fig.axes[0])) == 0
        labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert not any("interval" in t for t in labels)
    one = plot.shortage(mc_regions, region="Utrecht", sector=["po_bo", "po"])
    assert len(_bands(one.axes[0])) == 2  # po_bo has bands, the po sum none


# --------------------------------------------------------------- scenarios


def test_scenarios_one_line_per_scenario(two_scenarios: pl.DataFrame) -> None:
    fig = plot.scenarios(two_scenarios)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["baseline", "meer zij-instroom"]
    base, more = ax.get_lines()[:2]
    assert base.get_linestyle() == "--"
    # more career switchers: no larger shortage, and smaller by the last year
    assert all(m <= b + 1e-6 for b, m in zip(base.get_ydata(), more.get_ydata()))
    assert more.get_ydata()[-1] < base.get_ydata()[-1]


def test_scenarios_region_ax_and_pandas(two_scenarios: pl.DataFrame) -> None:
    fig, ax = plt.subplots()
    out = plot.scenarios(two_scenarios.to_pandas(), region="Flevoland", column="shortage_pct", ax=ax)
    assert out is fig and len(ax.get_lines()) >= 2
    assert "Flevoland" in ax.get_title()
    expected = tekort.aggregate(
        two_scenarios.filter(pl.col("region") == "Flevoland"), by=("scenario", "year")
    ).filter(pl.col("scenario") == "baseline")
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx(expected["shortage_pct"].to_list())


@pytest.mark.parametrize(
    "kwargs, needle",
    [({"region": "Atlantis"}, "Atlantis"), ({"sector": "vo"}, "vo"), ({"column": "nope"}, "nope")],
)
def test_scenarios_unknown_values_raise(two_scenarios: pl.DataFrame, kwargs: dict, needle: str) -> None:
    with pytest.raises(DataError, match=needle):
        plot.scenarios(two_scenarios, **kwargs)


# ----------------------------------------------------------------- ranking


def test_ranking_sorted_largest_on_top(res: pl.DataFrame) -> None:
    fig = plot.ranking(res)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    bars = ax.patches
    assert len(bars) == 12  # provinces
    widths = [b.get_width() for b in bars]
    assert widths == sorted(widths, reverse=True)
    # bar 0 is drawn at the top
    assert bars[0].get_y() < bars[-1].get_y() and ax.yaxis_inverted()
    last = res.filter(pl.col("year") == 2030, pl.col("sector").str.starts_with("po"))
    by_region = (
        last.group_by("region")
        .agg((100 * pl.col("shortage_fte").sum() / pl.col("employment_fte").sum()).alias("pct"))
        .sort("pct", descending=True)
    )
    assert ax.get_yticklabels()[0].get_text() == by_region["region"][0]
    assert widths[0] == pytest.approx(by_region["pct"][0])
    assert "2030" in ax.get_title()


def test_ranking_top_year_highlight_ax_pandas(res: pl.DataFrame) -> None:
    fig, ax = plt.subplots()
    out = plot.ranking(res.to_pandas(), year=2027, sector="vo", column="shortage_fte", top=3,
                       ax=ax, highlight="Utrecht")
    assert out is fig
    assert len(ax.patches) == 3
    assert "2027" in ax.get_title()
    whole = plot.ranking(res, year=2027, sector="vo", column="shortage_fte", highlight="Utrecht")
    names = [t.get_text() for t in whole.axes[0].get_yticklabels()]
    colors = {n: p.get_facecolor() for n, p in zip(names, whole.axes[0].patches)}
    others = [c for n, c in colors.items() if n != "Utrecht"]
    assert all(colors["Utrecht"] != c for c in others)


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"year": 2050}, "2050"),
        ({"year": 2020}, "2020"),
        ({"sector": "ko"}, "ko"),
        ({"scenario": "utopia"}, "utopia"),
        ({"highlight": "Atlantis"}, "Atlantis"),
        ({"top": 0}, "top"),
    ],
)
def test_ranking_unknown_values_raise(res: pl.DataFrame, kwargs: dict, needle: str) -> None:
    with pytest.raises(DataError, match=needle):
        plot.ranking(res, **kwargs)


# ------------------------------------------------------------- age pyramid


def test_age_pyramid_one_year(ages: pl.DataFrame) -> None:
    fig = plot.age_pyramid(ages, sector="po")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    n_ages = ages["age"].n_unique()
    bars = [p for p in ax.patches if p.get_height() == 1.0]
    assert len(bars) == n_ages
    first = ages.filter(pl.col("year") == 2025, pl.col("sector").str.starts_with("po"))
    assert sum(b.get_width() for b in bars) == pytest.approx(first["teachers"].sum())
    assert "2025" in ax.get_title()


def test_age_pyramid_two_years_region_ax_pandas(ages: pl.DataFrame) -> None:
    fig, ax = plt.subplots()
    out = plot.age_pyramid(ages.to_pandas(), region="Flevoland", sector="vo", year=[2025, 2030], ax=ax)
    assert out is fig
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["2025", "2030", "aged 55+"]
    assert "Flevoland" in ax.get_title()


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"region": "Atlantis"}, "Atlantis"),
        ({"sector": "ko"}, "ko"),
        ({"year": 2040}, "2040"),
        ({"year": [2025, 2045]}, "2045"),
        ({"year": [2025, 2026, 2027]}, "two"),
        ({"scenario": "utopia"}, "utopia"),
    ],
)
def test_age_pyramid_unknown_values_raise(ages: pl.DataFrame, kwargs: dict, needle: str) -> None:
    with pytest.raises(DataError, match=needle):
        plot.age_pyramid(ages, **kwargs)


def test_age_pyramid_needs_an_age_frame(res: pl.DataFrame) -> None:
    with pytest.raises(DataError, match="age"):
        plot.age_pyramid(res)


# ---------------------------------------------------------------- backtest


def _legend(fig: Figure) -> list:
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_backtest_fans_from_every_third_cutoff(bt: pl.DataFrame) -> None:
    fig = plot.backtest(bt, region="Flevoland")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    # 20 cutoffs (2005-2024): every 3rd gives 7 fans each of tekort and drift, plus the actual line
    cutoffs = [2005, 2008, 2011, 2014, 2017, 2020, 2023]
    assert len(ax.get_lines()) == 1 + 2 * len(cutoffs)
    assert [t.split(":")[0] for t in _legend(fig)] == ["actual (measured)", "tekort", "drift"]
    assert "Flevoland" in ax.get_title() and "po_bo" in ax.get_title()
    assert _caption_count(fig) == 1

    rows = bt.filter(pl.col("region") == "Flevoland", pl.col("sector") == "po_bo")
    actual = dict(rows.select("year", "actual").unique().iter_rows())
    actual[2005] = rows.filter(pl.col("method") == "naive", pl.col("cutoff") == 2005)["forecast"][0]
    fans = ax.get_lines()[1 : 1 + len(cutoffs)]
    for c, line in zip(cutoffs, fans):
        # each fan starts at the actual value of its cutoff year
        assert line.get_xdata()[0] == c
        assert line.get_ydata()[0] == pytest.approx(actual[c])
        path = rows.filter(pl.col("method") == "tekort", pl.col("cutoff") == c).sort("year")
        assert list(line.get_ydata()[1:]) == pytest.approx(path["forecast"].to_list())
    assert all(line.get_linestyle() == "--" for line in ax.get_lines()[1 + len(cutoffs) :])

    # the MAPE in the legend is backtest_summary of this region's rows, over all cutoffs
    s = tekort.backtest_summary(rows)
    for method, text in zip(["tekort", "drift"], _legend(fig)[1:]):
        for h in (5, 10):
            mape = s.filter(pl.col("method") == method, pl.col("horizon") == h)["mape"][0]
            assert f"{mape:.2f} % (h = {h})" in text


def test_backtest_defaults_to_the_only_region_or_nederland(bt: pl.DataFrame) -> None:
    assert "Nederland" in plot.backtest(bt).axes[0].get_title()
    one = bt.filter(pl.col("region") == "Twente")
    assert "Twente" in plot.backtest(one).axes[0].get_title()
    with pytest.raises(DataError, match="several regions.*Flevoland"):
        plot.backtest(bt.filter(pl.col("region_system") == "arbeidsmarktregio"))


def test_backtest_cutoffs_baselines_ax_pandas(bt: pl.DataFrame) -> None:
    fig, (left, right) = plt.subplots(1, 2)
    out = plot.backtest(bt.to_pandas(), region="Groot Amsterdam", sector="po_sbo",
                        cutoffs=[2010, 2015], baselines=("naive", "drift"), ax=right)
    assert out is fig and len(left.get_lines()) == 0
    assert len(right.get_lines()) == 1 + 3 * 2
    assert [t.get_text().split(":")[0] for t in right.get_legend().get_texts()] == [
        "actual (measured)", "tekort", "naive", "drift",
    ]  # fmt: skip
    naive = right.get_lines()[3:5]
    assert all(len(set(line.get_ydata())) == 1 for line in naive)  # naive holds the cutoff's value
    none = plot.backtest(bt.to_arrow(), region="Groot Amsterdam", cutoffs=2012, baselines=None)
    assert len(none.axes[0].get_lines()) == 2


def test_backtest_graduates_with_the_official_forecast(graduates: pl.DataFrame) -> None:
    fig = plot.backtest(graduates, sector="pabo", baselines=("drift", "official"))
    ax = fig.axes[0]
    labels = _legend(fig)
    assert [t.split(":")[0] for t in labels] == ["actual (measured)", "tekort", "drift", "official"]
    assert "– (h = 10)" in labels[3]  # StaMOS 2016 reaches 5 years ahead
    official = [line for line in ax.get_lines() if line.get_color() == _palette.METHODS["official"]]
    assert len(official) == 1 and official[0].get_xdata()[0] == 2016
    assert "graduates" in ax.get_title().lower() and "pabo" in ax.get_title()


def test_backtest_region_in_several_region_systems() -> None:
    two = tekort.backtest("pupils", regions=("provincie", "arbeidsmarktregio"), cutoffs=(2015, 2018))
    with pytest.raises(DataError, match="region_system"):
        plot.backtest(two, region="Flevoland")
    fig = plot.backtest(two, region="Flevoland", region_system="provincie")
    assert "provincie" in fig.axes[0].get_title()


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"region": "Atlantis"}, "Atlantis.*Flevoland"),
        ({"sector": "vo"}, "'vo'.*po_bo"),
        ({"component": "popils"}, "popils.*pupils"),
        ({"method": "official"}, "official.*drift"),
        ({"baselines": ("naive", "oracle")}, "oracle"),
        ({"cutoffs": [2010, 1990]}, "1990"),
        ({"cutoffs": []}, "empty"),
        ({"region_system": "gemeente"}, "gemeente.*arbeidsmarktregio"),
    ],
)
def test_backtest_unknown_values_raise(bt: pl.DataFrame, kwargs: dict, needle: str) -> None:
    with pytest.raises(DataError, match=needle):
        plot.backtest(bt, **kwargs)


def test_backtest_needs_a_backtest_frame(res: pl.DataFrame, graduates: pl.DataFrame) -> None:
    with pytest.raises(DataError, match="component"):
        plot.backtest(res)
    with pytest.raises(DataError, match="several sectors.*pabo"):
        plot.backtest(graduates)
    with pytest.raises(DataError, match="official.*2016"):
        plot.backtest(graduates, sector="pabo", cutoffs=[2018], baselines="official")


# ------------------------------------------------------------------ module


def test_plot_is_reachable_from_the_package() -> None:
    assert tekort.plot is plot
    assert sorted(plot.__all__) == [
        "accuracy_by_horizon", "age_pyramid", "backtest", "fan", "ranking", "scenarios", "shortage",
    ]  # fmt: skip


def test_missing_matplotlib_gives_a_clear_import_error(
    monkeypatch: pytest.MonkeyPatch, res: pl.DataFrame
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="pip install matplotlib") as info:
        plot.shortage(res)
    assert info.value.__cause__ is not None


# ------------------------------------------- measured, bands, new figures


@pytest.fixture(scope="module")
def past() -> pl.DataFrame:
    return tekort.forecast(regions="nl", until=2030, start=2021)


def _rings(ax: "plt.Axes") -> list:
    """The lines of the measured points: markers only, white inside."""
    return [line for line in ax.get_lines()
            if line.get_linestyle() == "None" and line.get_markerfacecolor() == "white"]


def test_shortage_rings_the_measured_points(past: pl.DataFrame) -> None:
    fig = plot.shortage(past, sector=["po", "vo"])
    ax = fig.axes[0]
    assert "measured" in [t.get_text() for t in ax.get_legend().get_texts()]
    rings = _rings(ax)
    assert len(rings) == 2
    for ring, group in zip(rings, ("po", "vo")):
        rows = past.filter(pl.col("sector").str.starts_with(group))
        # a year of the group is measured when every po type is
        measured = rows.group_by("year").agg((pl.col("kind") == "measured").all()).filter(pl.col("kind"))
        assert sorted(ring.get_xdata()) == sorted(measured["year"].to_list())
        line = next(x for x in ax.get_lines() if x.get_label() == group)
        at = dict(zip(line.get_xdata(), line.get_ydata()))
        assert list(ring.get_ydata()) == pytest.approx([at[x] for x in ring.get_xdata()])
        assert ring.get_markeredgecolor() == line.get_color()
    assert 0 < len(rings[0].get_xdata()) < past["year"].n_unique()
    # the lines still run through every year, in their order
    assert [x.get_label() for x in ax.get_lines()][:2] == ["po", "vo"]


def test_measured_rings_only_where_kind_speaks(past: pl.DataFrame) -> None:
    # kind is what a row's shortage is: pupils get no rings
    assert _rings(plot.shortage(past, sector="vo", column="pupils").axes[0]) == []
    # a frame without kind still plots, without rings
    fig = plot.shortage(past.drop("kind"), sector="vo")
    assert _rings(fig.axes[0]) == []
    assert "measured" not in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    # a forecast without history years has nothing measured
    assert _rings(plot.shortage(tekort.forecast(regions="nl", until=2028)).axes[0]) == []


def test_fan_and_scenarios_ring_the_measured_points(mc: pl.DataFrame) -> None:
    fan = plot.fan(mc, sector="po_bo")
    measured = mc.filter(pl.col("sector") == "po_bo", pl.col("kind") == "measured")["year"].to_list()
    assert measured and [list(r.get_xdata()) for r in _rings(fan.axes[0])] == [sorted(measured)]
    fig = plot.scenarios(mc, sector="po_bo", column="shortage_pct")
    assert [list(r.get_xdata()) for r in _rings(fig.axes[0])] == [sorted(measured)]
    assert "measured" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_backtest_actuals_are_drawn_as_measured(bt: pl.DataFrame) -> None:
    line = plot.backtest(bt, region="Flevoland").axes[0].get_lines()[0]
    assert line.get_label() == "actual (measured)"
    assert line.get_markerfacecolor() == "white" and line.get_linestyle() == "-"


@pytest.fixture(scope="module")
def mc_scenarios() -> pl.DataFrame:
    smaller = tekort.Scenario("kleinere klassen", class_size=0.95)
    return tekort.forecast(regions="nl", sector="po", until=2030, draws=40, start=2023,
                           scenarios=[tekort.Scenario.baseline(), smaller])


def test_scenarios_draws_bands_for_a_single_series(mc_scenarios: pl.DataFrame) -> None:
    fig = plot.scenarios(mc_scenarios, sector="po_bo", column="shortage_pct")
    ax = fig.axes[0]
    bands = _bands(ax)
    assert len(bands) == 4  # two scenarios × (95 %, 80 %)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-2:] == ["95 % interval", "80 % interval"]
    lines = {x.get_label(): x for x in ax.get_lines()}
    for band, name in zip(bands[::2], ("baseline", "kleinere klassen")):
        assert band.get_facecolor()[0][:3] == pytest.approx(matplotlib.colors.to_rgb(lines[name].get_color()))
    row = mc_scenarios.filter(pl.col("scenario") == "kleinere klassen", pl.col("sector") == "po_bo",
                              pl.col("year") == 2030).row(0, named=True)
    assert _band_limits(bands[3], 2030) == pytest.approx((row["shortage_pct-lo-80"], row["shortage_pct-hi-80"]))
    # the po group is a sum of three po types: no bands, no interval entries
    po = plot.scenarios(mc_scenarios, column="shortage_pct")
    assert _bands(po.axes[0]) == []
    assert not any("interval" in t.get_text() for t in po.axes[0].get_legend().get_texts())


def test_new_figures_are_not_left_in_pyplot(
    past: pl.DataFrame, mc: pl.DataFrame, ages: pl.DataFrame, bt: pl.DataFrame
) -> None:
    """A figure returned as a notebook cell's last expression is shown once:
    pyplot does not hold it (and would not show it a second time)."""
    plt.close("all")
    figs = [
        plot.shortage(past), plot.fan(mc, sector="po_bo"), plot.scenarios(past),
        plot.ranking(past), plot.age_pyramid(ages), plot.backtest(bt),
        plot.accuracy_by_horizon(bt),
    ]  # fmt: skip
    assert plt.get_fignums() == []
    for fig in figs:  # still a complete figure that can be saved
        assert isinstance(fig, Figure) and fig.axes
        import io

        fig.savefig(io.BytesIO(), format="png")
    own, ax = plt.subplots()
    assert plot.shortage(past, ax=ax) is own
    assert plt.get_fignums() == [own.number]  # the caller's figure stays theirs


# ------------------------------------------------------- ranking with draws


def _errorbars(ax: "plt.Axes") -> dict:
    """Region → (lo, hi) of the error bars of a ranking."""
    from matplotlib.collections import LineCollection

    (segments,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    names = [t.get_text() for t in ax.get_yticklabels()]
    out = {}
    for seg in segments.get_segments():
        (x0, y0), (x1, _) = seg
        out[names[int(round(y0))]] = (min(x0, x1), max(x0, x1))
    return out


def test_ranking_error_bars_from_the_interval_columns(mc_regions: pl.DataFrame) -> None:
    # Without the draws (as read back from a file) the bars come from the
    # interval columns.
    no_draws = mc_regions.drop(cs.ends_with("-draws"))
    fig = plot.ranking(no_draws, sector="vo")
    ax = fig.axes[0]
    bars = _errorbars(ax)
    rows = mc_regions.filter(pl.col("sector") == "vo", pl.col("year") == 2030)
    assert len(bars) == rows.height
    for region, lo, hi in rows.select("region", "shortage_pct-lo-80", "shortage_pct-hi-80").iter_rows():
        assert bars[region] == pytest.approx((lo, hi))
    assert "whiskers: its 80 % interval" in ax.get_xlabel() and "draws in which" not in ax.get_xlabel()
    wide = _errorbars(plot.ranking(no_draws, sector="vo", level=95).axes[0])
    assert wide["Utrecht"] == pytest.approx(
        rows.filter(pl.col("region") == "Utrecht").select("shortage_pct-lo-95", "shortage_pct-hi-95").row(0)
    )
    # a sum over the po types: no error bars from interval columns
    # (quantiles do not add up), but from the draws, summed per draw
    summed = plot.ranking(no_draws).axes[0]
    assert "whiskers" not in summed.get_xlabel() and not summed.collections
    assert "whiskers" in plot.ranking(mc_regions).axes[0].get_xlabel()
    with pytest.raises(DataError, match="90.*80, 95"):
        plot.ranking(no_draws, sector="vo", level=90)
    with pytest.raises(DataError, match="draws="):
        plot.ranking(tekort.forecast(regions="provincie", until=2027), level=80)


def _shares_by_hand(sims: pl.DataFrame, k: int) -> dict:
    per = tekort.aggregate(sims, by=("region", "sample_id"))
    ranked = per.with_columns(pl.col("shortage_pct").rank("ordinal", descending=True).over("sample_id").alias("r"))
    n = per["sample_id"].n_unique()
    return {r: 100 * c / n for r, c in ranked.group_by("region").agg((pl.col("r") <= k).sum()).iter_rows()}


def _shown_shares(ax: "plt.Axes") -> dict:
    names = [t.get_text() for t in ax.get_yticklabels()]
    return {name: float(t.get_text().split(": ")[1].rstrip(" %")) for name, t in zip(names, ax.texts)}


def test_ranking_of_a_simulate_frame_has_rank_probabilities() -> None:
    sims = tekort.simulate(regions="provincie", sector="po", until=2028, draws=30)
    fig = plot.ranking(sims, top=6)
    ax = fig.axes[0]
    last = sims.filter(pl.col("year") == 2028)
    per = tekort.aggregate(last, by=("region", "sample_id"))
    median = per.group_by("region").agg(pl.col("shortage_pct").median()).sort("shortage_pct", descending=True)
    assert [t.get_text() for t in ax.get_yticklabels()] == median["region"].head(6).to_list()
    assert [b.get_width() for b in ax.patches] == pytest.approx(median["shortage_pct"].head(6).to_list())
    expected = _shares_by_hand(last, 6)
    for region, share in _shown_shares(ax).items():
        assert share == pytest.approx(expected[region], abs=0.5)  # shown rounded
    assert "top 6" in ax.texts[0].get_text()
    assert "top 6: share of 30 draws" in ax.get_xlabel()
    bars = _errorbars(ax)
    q = per.filter(pl.col("region") == median["region"][0])["shortage_pct"]
    assert bars[median["region"][0]] == pytest.approx((q.quantile(0.1, "linear"), q.quantile(0.9, "linear")))
    # k on its own; the default without top is 5
    assert "top 3:" in plot.ranking(sims, k=3).axes[0].texts[0].get_text()
    assert "top 5:" in plot.ranking(sims).axes[0].texts[0].get_text()
    with pytest.raises(DataError, match="k must be at least 1"):
        plot.ranking(sims, k=0)
    with pytest.raises(DataError, match="level 120 .*between 0 and 100"):
        plot.ranking(sims, level=120)
    wide = _errorbars(plot.ranking(sims, top=6, level=95).axes[0])
    assert wide[median["region"][0]] == pytest.approx((q.quantile(0.025, "linear"), q.quantile(0.975, "linear")))


def test_ranking_with_draw_list_columns() -> None:
    """A forecast frame with ``{column}-draws`` list columns (one value per
    draw, the same draw order in every row), built here by hand."""
    base = {"scenario": "baseline", "region_system": "provincie", "year": 2030, "period": "forecast",
            "kind": "forecast"}
    rows = []
    # draws: A is largest in draws 0-2, B in draw 3; C never
    for region, shortage, employment in [
        ("A", [30.0, 30.0, 30.0, 5.0], [100.0] * 4),
        ("B", [10.0, 10.0, 10.0, 40.0], [100.0] * 4),
        ("C", [1.0, 1.0, 1.0, 1.0], [100.0] * 4),
    ]:
        for sector, share in (("po_bo", 0.5), ("po_sbo", 0.5)):  # a sum over po types
            rows.append({**base, "region": region, "sector": sector,
                         "shortage_fte": share * sorted(shortage)[1], "employment_fte": share * 100.0,
                         "shortage_pct": sorted(shortage)[1],
                         "shortage_fte-draws": [share * x for x in shortage],
                         "employment_fte-draws": [share * x for x in employment]})
    frame = pl.DataFrame(rows)
    fig = plot.ranking(frame, k=1)
    ax = fig.axes[0]
    assert _shown_shares(ax) == {"A": 75.0, "B": 25.0, "C": 0.0}
    assert set(_errorbars(ax)) == {"A", "B", "C"}  # the sum's interval from the summed draws
    # a single sector whose percentage draws are given directly
    one = frame.filter(pl.col("sector") == "po_bo").drop("shortage_fte-draws", "employment_fte-draws")
    one = one.with_columns(pl.Series("shortage_pct-draws", [[30.0, 30.0, 30.0, 5.0], [10.0, 10.0, 10.0, 40.0],
                                                             [1.0, 1.0, 1.0, 1.0]]))
    assert _shown_shares(plot.ranking(one, sector="po_bo", k=2).axes[0]) == {"A": 100.0, "B": 100.0, "C": 0.0}
    ragged = one.with_columns(pl.Series("shortage_pct-draws", [[1.0], [1.0, 2.0], [3.0]]))
    with pytest.raises(DataError, match="different lengths"):
        plot.ranking(ragged, sector="po_bo")


# ---------------------------------------------------- accuracy by horizon


def test_accuracy_by_horizon_mape_and_coverage(bt: pl.DataFrame) -> None:
    fig = plot.accuracy_by_horizon(bt)
    mape_ax, cov_ax = fig.axes
    s = tekort.backtest_summary(bt).filter(pl.col("region_system") == "nl", pl.col("sector") == "po_bo")
    lines = {line.get_label(): line for line in mape_ax.get_lines()}
    assert list(lines) == ["tekort", "naive", "drift"]
    for method, line in lines.items():
        rows = s.filter(pl.col("method") == method).sort("horizon")
        assert list(line.get_xdata()) == rows["horizon"].to_list()
        assert list(line.get_ydata()) == pytest.approx(rows["mape"].to_list())
        assert line.get_color() == _palette.METHODS[method]
    assert "nl" in mape_ax.get_title() and "po_bo" in mape_ax.get_title()
    # coverage: tekort's per level, and the nominal level dashed in the same colour
    tk = s.filter(pl.col("method") == "tekort").sort("horizon")
    cov = {line.get_label(): line for line in cov_ax.get_lines()}
    for level in (80, 95):
        line, nominal = cov[f"tekort, {level} % interval"], cov[f"{level} % nominal"]
        assert list(line.get_ydata()) == pytest.approx(tk[f"coverage-{level}"].to_list())
        assert nominal.get_linestyle() == "--" and set(nominal.get_ydata()) == {level}
        assert nominal.get_color() == line.get_color()
    assert _caption_count(fig) == 1


def test_accuracy_by_horizon_of_a_summary_without_coverage(bt: pl.DataFrame) -> None:
    s = tekort.backtest_summary(bt).drop("coverage-80", "coverage-95", "coverage_count")
    fig = plot.accuracy_by_horizon(s.to_pandas(), region_system="arbeidsmarktregio", sector="po_sbo",
                                   methods=["drift", "tekort"])
    assert len(fig.axes) == 1  # no coverage panel
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["drift", "tekort"]
    # only baselines: no coverage to draw either
    assert len(plot.accuracy_by_horizon(bt, methods="naive").axes) == 1
    own, (left, right) = plt.subplots(1, 2)
    assert plot.accuracy_by_horizon(bt, ax=(left, right)) is own
    assert left.get_lines() and right.get_lines()
    own, axes = plt.subplots(1, 2)  # the numpy array plt.subplots gives
    assert plot.accuracy_by_horizon(bt, ax=axes) is own and axes[1].get_lines()
    one, ax = plt.subplots()
    assert plot.accuracy_by_horizon(bt, ax=ax) is one and len(one.axes) == 1  # the MAPE panel only
    with pytest.raises(DataError, match="one axes or two"):
        plot.accuracy_by_horizon(bt, ax=plt.subplots(1, 3)[1])


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"component": "births"}, "births.*pupils"),
        ({"region_system": "gemeente"}, "gemeente.*arbeidsmarktregio"),
        ({"sector": "vo"}, "'vo'.*po_bo"),
        ({"methods": ["tekort", "oracle"]}, "oracle"),
        ({"methods": []}, "empty"),
    ],
)
def test_accuracy_by_horizon_unknown_values_raise(bt: pl.DataFrame, kwargs: dict, needle: str) -> None:
    with pytest.raises(DataError, match=needle):
        plot.accuracy_by_horizon(bt, **kwargs)


def test_accuracy_by_horizon_needs_a_backtest_or_summary(res: pl.DataFrame) -> None:
    with pytest.raises(DataError, match="mape"):
        plot.accuracy_by_horizon(res)
