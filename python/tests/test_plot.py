"""tekort.plot: every figure function on real forecasts, with the Agg backend."""

from __future__ import annotations

import sys
from typing import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402
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
        "median of the draws", "history", "95 % interval", "80 % interval",
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
    assert [t.split(":")[0] for t in _legend(fig)] == ["actual", "tekort", "drift"]
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
        "actual", "tekort", "naive", "drift",
    ]  # fmt: skip
    naive = right.get_lines()[3:5]
    assert all(len(set(line.get_ydata())) == 1 for line in naive)  # naive holds the cutoff's value
    none = plot.backtest(bt.to_arrow(), region="Groot Amsterdam", cutoffs=2012, baselines=None)
    assert len(none.axes[0].get_lines()) == 2


def test_backtest_graduates_with_the_official_forecast(graduates: pl.DataFrame) -> None:
    fig = plot.backtest(graduates, sector="pabo", baselines=("drift", "official"))
    ax = fig.axes[0]
    labels = _legend(fig)
    assert [t.split(":")[0] for t in labels] == ["actual", "tekort", "drift", "official"]
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
    assert sorted(plot.__all__) == ["age_pyramid", "backtest", "fan", "ranking", "scenarios", "shortage"]


def test_missing_matplotlib_gives_a_clear_import_error(
    monkeypatch: pytest.MonkeyPatch, res: pl.DataFrame
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="pip install matplotlib") as info:
        plot.shortage(res)
    assert info.value.__cause__ is not None
