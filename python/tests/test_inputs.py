"""Inputs as a new analyst gives them (issue 10, part 4): each case works
or raises a tekort error naming the argument or the value."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest

import tekort
from tekort import errors


@pytest.fixture(scope="module")
def res() -> pl.DataFrame:
    return tekort.forecast(regions="provincie", sector=["po", "vo"], until=2027)


# ---------------------------------------------------------------- 1. save


def test_save_keeps_a_named_index(res: pl.DataFrame, tmp_path: Path) -> None:
    df = res.to_pandas().set_index(["region", "year"])
    tekort.save(df, tmp_path / "x.csv")
    back = pl.read_csv(tmp_path / "x.csv")
    assert back.columns[:2] == ["region", "year"]
    assert back.height == res.height
    # an unnamed index (row numbers after a filter) is not a column
    tekort.save(res.to_pandas().iloc[3:], tmp_path / "y.csv")
    assert pl.read_csv(tmp_path / "y.csv").columns == res.columns


def test_paths_expand_the_home_directory(res: pl.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    tekort.save(res, "~/x.parquet")
    assert pl.read_parquet(tmp_path / "x.parquet").equals(res)
    (tmp_path / "s.toml").write_text("zij_instroom = 2\n")
    assert tekort.Scenario.from_toml("~/s.toml").zij_instroom == 2.0
    (tmp_path / "p.toml").write_text("[workforce.employment_fte]\npo = 95000\n")
    assert tekort.Params.from_toml("~/p.toml").workforce.employment_fte.po == 95000.0
    (tmp_path / "r.csv").write_text("gemeentecode,region\n0034,Almere\n")
    own = tekort.forecast(regions="~/r.csv", sector="vo", until=2026)
    assert "Almere" in own["region"].to_list()
    html = tekort.report("nl", "Nederland", out="~/r.html", draws=0, until=2027)
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == html


# ---------------------------------------------------------------- 2. params


@pytest.mark.parametrize("value", ["3000", None, True, float("nan"), float("inf"), [3000, 10]])
def test_params_reject_a_bad_value_at_assignment(value: object) -> None:
    p = tekort.Params.default()
    with pytest.raises(errors.InvalidParamsError, match="inflow.zij_instroom_persons") as e:
        p.inflow.zij_instroom_persons = value
    assert repr(value) in str(e.value) or "nan" in str(e.value) or "inf" in str(e.value)
    assert p.inflow.zij_instroom_persons == tekort.Params.default().inflow.zij_instroom_persons


def test_params_take_numpy_numbers() -> None:
    p = tekort.Params.default()
    p.inflow.zij_instroom_persons = np.int64(3000)
    p.demand.vo_lag_years = np.float64(6.0)
    p.workforce.employment_fte.po = pd.Series([95000.0]).iloc[0]
    p.validate()
    assert type(p.inflow.zij_instroom_persons) is int and p.demand.vo_lag_years == 6
    assert type(p.workforce.employment_fte.po) is float
    assert tekort.Params.from_toml_str(p.to_toml()).inflow.zij_instroom_persons == 3000.0
    tekort.forecast(regions="nl", sector="po", until=2026, params=p)


def test_params_check_kind_of_value() -> None:
    p = tekort.Params.default()
    with pytest.raises(errors.InvalidParamsError, match=r"demand.vo_lag_years: 6.5"):
        p.demand.vo_lag_years = 6.5
    with pytest.raises(errors.InvalidParamsError, match="uncertainty.process_noise"):
        p.uncertainty.process_noise = 1
    with pytest.raises(errors.InvalidParamsError, match=r"uncertainty.zij_instroom"):
        p.uncertainty.zij_instroom = {"value": 1.0, "cvv": 0.2}
    p.uncertainty.zij_instroom = 1.1  # an estimate takes a bare number
    p.uncertainty.zij_instroom = {"value": 1.0, "sd": np.float32(0.25)}
    with pytest.raises(errors.InvalidParamsError, match=r"microsim.tenure_attrition.po\[1\]"):
        p.microsim.tenure_attrition.po = [1.0, "x"]
    p.validate()
    with pytest.raises(AttributeError, match="did you mean 'employment_fte'"):
        p.workforce.employmnt_fte = 1


def test_params_rust_errors_name_the_parameter() -> None:
    p = tekort.Params.default()
    p._data["outflow"]["aow_age"][1]["age"] = "x"  # past the checks at assignment
    with pytest.raises(errors.InvalidParamsError, match=r"outflow.aow_age\[1\].age: 'x'") as e:
        p.validate()
    assert "column" not in str(e.value)
    with pytest.raises(errors.InvalidParamsError, match=r"outflow.aow_age\[1\].age"):
        tekort.forecast(regions="nl", until=2026, params=p)


# ---------------------------------------------------------------- 3. scenario


def test_scenario_rejects_unknown_attributes() -> None:
    s = tekort.Scenario("x")
    with pytest.raises(AttributeError, match="did you mean 'zij_instroom'"):
        s.zij_instrom = 2  # type: ignore[attr-defined]
    assert s.changed_levers() == {}
    s.zij_instroom = np.float64(2)
    assert s.changed_levers() == {"zij_instroom": 2.0} and type(s.zij_instroom) is float
    with pytest.raises(errors.InvalidScenarioError, match="zij_instroom = '2'"):
        s.zij_instroom = "2"  # type: ignore[assignment]


def test_scenario_values() -> None:
    s = tekort.Scenario("x", sectors="po", class_size=np.float32(1.1), from_year=np.int64(2027))
    assert s.sectors == ["po"] and s.from_year == 2027 and type(s.from_year) is int
    assert tekort.Scenario("y", from_year=2027.0).from_year == 2027
    with pytest.raises(errors.InvalidScenarioError, match="from_year = 2026.5"):
        tekort.Scenario("x", from_year=2026.5)
    with pytest.raises(errors.YearOutOfRangeError, match="from_year 2020") as e:
        tekort.Scenario("vroeg", from_year=2020)
    assert "vroeg" in str(e.value) and "2026" in str(e.value)
    with pytest.raises(errors.InvalidScenarioError, match="zij_instroom"):
        tekort.Scenario("x", zij_instroom=True)
    with pytest.raises(errors.InvalidScenarioError, match="did you mean 'under_30'"):
        tekort.Scenario("x", outflow={"under30": 0.9})


def test_scenario_aow_age_as_one_number() -> None:
    s = tekort.Scenario("x", aow_age=68, from_year=2030)
    assert s.aow_age == [(2030, 68.0)]
    t = tekort.Scenario("y", aow_age=np.float64(68))
    assert t.aow_age == [(2026, 68.0)]
    assert tekort.Scenario.from_toml_str(t.to_toml()) == t
    with pytest.raises(errors.InvalidScenarioError, match="aow_age"):
        tekort.Scenario("x", aow_age="68")  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidScenarioError, match="aow_age"):
        tekort.Scenario("x", aow_age=[68, 69])  # type: ignore[list-item]


# ---------------------------------------------------------------- 4. one name is a list of one


def test_one_name_is_one_item(res: pl.DataFrame) -> None:
    out = tekort.aggregate(res, by="year")
    assert out.columns[0] == "year" and out.height == 3
    assert tekort.aggregate(res, by=("year",)).equals(out)
    with pytest.raises(errors.InvalidArgumentError, match="by"):
        tekort.aggregate(res, by=[2025])  # type: ignore[list-item]
    with pytest.raises(errors.InvalidArgumentError, match="sector"):
        tekort.forecast(regions="nl", sector=3, until=2026)  # type: ignore[arg-type]


# ---------------------------------------------------------------- 5. frames and None


def test_categorical_columns_are_text(res: pl.DataFrame) -> None:
    df = res.to_pandas()
    df["sector"] = df["sector"].astype("category")
    df["region"] = df["region"].astype("category")
    out = tekort.aggregate(df, by=["sector", "year"])
    expected = tekort.aggregate(res, by=["sector", "year"]).to_pandas()
    pd.testing.assert_frame_equal(out, expected)
    enum = res.with_columns(pl.col("sector").cast(pl.Enum(sorted(set(res["sector"])))))
    assert tekort.aggregate(enum, by=["sector"]).equals(tekort.aggregate(res, by=["sector"]))


def test_a_series_is_not_a_frame(res: pl.DataFrame) -> None:
    with pytest.raises(errors.InvalidArgumentError, match="pandas Series"):
        tekort.aggregate(res.to_pandas()["shortage_fte"])
    with pytest.raises(errors.InvalidArgumentError, match="polars Series"):
        tekort.save(res["shortage_fte"], "x.csv")
    with pytest.raises(TypeError, match="pandas Series"):
        tekort.Regions.from_frame(pd.Series(["0034"], name="gemeentecode"))


def test_none_means_the_default() -> None:
    a = tekort.forecast(regions="nl", sector=None, until=None)
    assert sorted(a["sector"].unique()) == ["mbo", "po_bo", "po_sbo", "po_so_vso", "vo"]
    assert a["year"].max() == 2040


# ---------------------------------------------------------------- 6. scenarios=[] and whole numbers


def test_empty_scenarios_give_a_python_hint() -> None:
    with pytest.raises(errors.InvalidScenarioError, match=r"tekort\.Scenario\.baseline\(\)") as e:
        tekort.forecast(regions="nl", scenarios=[])
    assert "::" not in str(e.value)


@pytest.mark.parametrize(
    "call, good, name",
    [
        (lambda v: tekort.forecast(regions="nl", sector="vo", until=v), 2029, "until"),
        (lambda v: tekort.forecast(regions="nl", sector="vo", until=2027, start=v), 2022, "start"),
        (lambda v: tekort.forecast(regions="nl", sector="vo", until=2026, draws=v, seed=1), 9, "draws"),
        (lambda v: tekort.forecast(regions="nl", sector="vo", until=2026, draws=5, seed=v), 4, "seed"),
        (lambda v: tekort.simulate(regions="nl", sector="vo", until=2026, draws=v), 3, "draws"),
        (lambda v: tekort.microsim(regions="nl", sector="vo", until=2026, runs=v), 3, "runs"),
        (lambda v: tekort.indicators(regions="nl", sector="po", until=2031, target_year=v), 2029, "target_year"),
        (lambda v: tekort.workforce_by_age(regions="nl", sector="vo", until=v), 2026, "until"),
        (lambda v: tekort.backtest("births", horizon=v), 4, "horizon"),
        (lambda v: tekort.backtest("births", cutoffs=v, horizon=3), 2015, "cutoffs"),
    ],
)
def test_whole_numbers(call, good, name) -> None:  # type: ignore[no-untyped-def]
    fine = call(np.int64(good))
    assert fine.equals(call(good)) and fine.equals(call(float(good)))
    for bad in (good + 0.7, True, str(good)):
        with pytest.raises(errors.InvalidArgumentError, match=name) as e:
            call(bad)
        assert isinstance(e.value, TypeError) and isinstance(e.value, ValueError)


def test_until_with_a_fraction_is_not_cut() -> None:
    with pytest.raises(errors.InvalidArgumentError, match=r"until .*2030\.7"):
        tekort.forecast(regions="nl", until=2030.7)


# ---------------------------------------------------------------- 7. warnings once


def _broken_data(tmp_path: Path) -> Path:
    import shutil

    data = tmp_path / "data"
    root = Path(__file__).resolve().parents[2] / "data"
    shutil.copytree(root, data, ignore=shutil.ignore_patterns("*.md"))
    ms = pl.read_csv(data / "measured_shortage.csv", schema_overrides={"gemeentecode": pl.String})
    ms.filter(~((pl.col("sector") == "po") & (pl.col("region") == "Twente"))).write_csv(
        data / "measured_shortage.csv"
    )
    return data


def test_calibration_warnings_once(tmp_path: Path) -> None:
    data = _broken_data(tmp_path)

    def run() -> list:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tekort.forecast(regions="arbeidsmarktregio", sector="po_bo", until=2026, data_dir=data)
        return [w for w in caught if issubclass(w.category, errors.CalibrationWarning)]

    try:
        tekort.warnings_once()
        first = run()
        assert any("Twente" in str(w.message) for w in first)
        assert run() == []  # shown once per session
        tekort.warnings_once(False)
        assert len(run()) == len(first) and len(run()) == len(first)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=errors.CalibrationWarning)
            with warnings.catch_warnings(record=True) as caught:
                tekort.forecast(regions="arbeidsmarktregio", sector="po_bo", until=2026, data_dir=data)
            assert caught == []
    finally:
        tekort.warnings_once()
    with pytest.raises(errors.InvalidArgumentError, match="once"):
        tekort.warnings_once("no")  # type: ignore[arg-type]


# ---------------------------------------------------------------- 8. po as one sector


def test_collapse_sectors(res: pl.DataFrame) -> None:
    po = tekort.collapse_sectors(res)
    assert sorted(po["sector"].unique()) == ["po", "vo"]
    assert po.columns == res.columns
    assert po.height == res.height // 4 * 2  # po's three types become one
    for column in ("pupils", "employment_fte", "shortage_fte", "inflow_fte"):
        assert po[column].sum() == pytest.approx(res[column].sum(), rel=1e-12)
    row = po.filter((pl.col("region") == "Utrecht") & (pl.col("year") == 2027) & (pl.col("sector") == "po"))
    parts = res.filter((pl.col("region") == "Utrecht") & (pl.col("year") == 2027) & pl.col("sector").str.starts_with("po"))
    assert row["shortage_pct"].item() == pytest.approx(100 * parts["shortage_fte"].sum() / parts["employment_fte"].sum())
    vo = po.filter(pl.col("sector") == "vo").sort("region", "year")
    assert vo["shortage_pct"].to_list() == pytest.approx(res.filter(pl.col("sector") == "vo").sort("region", "year")["shortage_pct"].to_list())
    pandas = tekort.collapse_sectors(res.to_pandas())
    assert isinstance(pandas, pd.DataFrame) and len(pandas) == po.height
    ages = tekort.collapse_sectors(tekort.workforce_by_age(regions="nl", sector="po", until=2026))
    assert ages.select("sector", "year", "age").is_duplicated().sum() == 0


# ---------------------------------------------------------------- 9. plots side by side


def _drawn_ticks(axis, view):  # type: ignore[no-untyped-def]
    # Tick labels outside the view are laid out but never drawn.
    lo, hi = sorted(view)
    return [t.label1 for t in axis.get_major_ticks() if lo <= t.get_loc() <= hi]


def _texts(ax, renderer):  # type: ignore[no-untyped-def]
    ticks = [*_drawn_ticks(ax.xaxis, ax.get_xlim()), *_drawn_ticks(ax.yaxis, ax.get_ylim())]
    items = [ax.title, ax.xaxis.label, ax.yaxis.label, *ticks]
    if ax.get_legend() is not None:
        items.append(ax.get_legend())
    return [
        (getattr(t, "get_text", lambda: "legend")(), t.get_window_extent(renderer))
        for t in items
        if t.get_visible() and getattr(t, "get_text", lambda: "x")()
    ]


def test_plots_side_by_side_do_not_overlap() -> None:
    import matplotlib.pyplot as plt

    import tekort.plot

    res = tekort.forecast(regions="provincie", until=2030, scenarios=[tekort.Scenario.baseline(), tekort.Scenario("meer", zij_instroom=1.5)])
    for figsize in [(6.4, 4.8), (12, 4)]:
        fig, axes = plt.subplots(1, 3, figsize=figsize)
        tekort.plot.shortage(res, ax=axes[0])
        tekort.plot.ranking(res, ax=axes[1])
        tekort.plot.scenarios(res, ax=axes[2])
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for left, right in zip(axes[:-1], axes[1:]):
            for a, box in _texts(left, renderer):
                for b, other in _texts(right, renderer):
                    assert not box.overlaps(other), (figsize, a, b)
        for ax in axes:  # every title stays inside the figure
            box = ax.title.get_window_extent(renderer)
            assert 0 <= box.x0 and box.x1 <= fig.bbox.width, ax.title.get_text()
        plt.close(fig)


def test_one_figure_keeps_its_title() -> None:
    import matplotlib.pyplot as plt

    import tekort.plot

    fig = tekort.plot.shortage(tekort.forecast(regions="nl", until=2030))
    assert fig.axes[0].get_title() == "Shortage — Nederland · scenario baseline"
    plt.close(fig)


def test_plot_names_the_regions_there_are() -> None:
    import tekort.plot

    own = tekort.Regions.from_frame({"gemeentecode": ["0034", "0995"], "region": ["Almere", "Lelystad"]})
    res = tekort.forecast(regions=own, sector="po", until=2027)
    with pytest.raises(errors.DataError, match="Flevoland") as e:
        tekort.plot.shortage(res, region="Flevoland")
    assert "Almere" in str(e.value) and "Lelystad" in str(e.value) and "rest van Nederland" in str(e.value)


def test_plot_whole_numbers(res: pl.DataFrame) -> None:
    import matplotlib.pyplot as plt

    import tekort.plot

    fig = tekort.plot.ranking(res, year=np.int64(2027), top=np.int64(3))
    assert len(fig.axes[0].patches) == 3
    plt.close(fig)
    for bad in ({"top": 2.5}, {"top": True}, {"year": 2026.5}, {"year": "2026"}):
        with pytest.raises(errors.InvalidArgumentError, match=next(iter(bad))):
            tekort.plot.ranking(res, **bad)  # type: ignore[arg-type]
    plt.close("all")
