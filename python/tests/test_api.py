"""The public Python API of tekort."""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import tekort
from tekort import errors

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["scenario", "region_system", "region", "sector", "year"]


@pytest.fixture(scope="module")
def default_result() -> pl.DataFrame:
    return tekort.forecast()


def test_forecast_default_shape_and_columns(default_result: pl.DataFrame) -> None:
    res = default_result
    assert isinstance(res, pl.DataFrame)
    assert res.columns[:5] == KEYS
    assert res.height == 35 * 5 * 16  # regions × sectors × 2025..2040
    assert res["region_system"].unique().to_list() == ["arbeidsmarktregio"]
    assert set(res["sector"].unique()) == {"po_bo", "po_sbo", "po_so_vso", "vo", "mbo"}
    assert res["year"].min() == 2025 and res["year"].max() == 2040
    assert res.select(pl.all().is_null().sum()).sum_horizontal().item() == 0
    for c in tekort.ADDITIVE_COLUMNS:
        assert c in res.columns


def test_forecast_options() -> None:
    res = tekort.forecast(regions="provincie", sector="po", until=2035)
    assert res.height == 12 * 3 * 11
    assert set(res["sector"]) == {"po_bo", "po_sbo", "po_so_vso"}
    res = tekort.forecast(regions="nl", sector=["vo", "mbo"], until=2026)
    assert res.height == 2 * 2


def test_measurement_year_employment_equals_the_parameters() -> None:
    # The history run follows the measured employment: po and vo in October
    # 2023, mbo in 2024.
    res = tekort.forecast(regions="provincie", until=2027, start=2021)
    assert res["year"].min() == 2021
    assert set(res.filter(pl.col("year") <= 2025)["period"]) == {"history"}
    assert set(res.filter(pl.col("year") > 2025)["period"]) == {"forecast"}
    # kind: a province's shortage is the model's spread of the regional
    # table (estimated), unless the province is exactly one
    # arbeidsmarktregio (Friesland, Zeeland: measured in 2023, po and vo);
    # the national-only years are estimated, later years forecast.
    # Nationally every measurement year is measured.
    kinds = {
        (r, s.split("_")[0], y, k)
        for r, s, y, k in zip(res["region"], res["sector"], res["year"], res["kind"])
    }
    for group in ("po", "vo"):
        assert ("Zuid-Holland", group, 2023, "estimated") in kinds
        assert ("Friesland", group, 2023, "measured") in kinds
    assert {r for r, _, y, k in kinds if y == 2023 and k == "measured"} == {"Friesland", "Zeeland"}
    assert ("Friesland", "po", 2024, "estimated") in kinds and ("Friesland", "mbo", 2024, "estimated") in kinds
    assert {k for *_, y, k in kinds if y > 2025} == {"forecast"}
    nl = tekort.forecast(regions="nl", until=2026, start=2021)
    nl_kinds = {(s.split("_")[0], y, k) for s, y, k in zip(nl["sector"], nl["year"], nl["kind"])}
    assert {("po", 2024, "measured"), ("vo", 2024, "measured"), ("mbo", 2024, "measured")} <= nl_kinds
    assert ("vo", 2022, "estimated") in nl_kinds and ("po", 2025, "estimated") in nl_kinds
    nat = tekort.aggregate(res, by=["sector_group", "year"])
    emp = {(g, y): e for g, y, e in zip(nat["sector_group"], nat["year"], nat["employment_fte"])}
    p = tekort.Params.default()
    assert emp[("po", 2023)] == pytest.approx(p.workforce.employment_fte.po)
    assert emp[("vo", 2023)] == pytest.approx(p.workforce.employment_fte.vo)
    assert emp[("mbo", 2024)] == pytest.approx(p.workforce.employment_fte.mbo)
    pct = {(g, y): v for g, y, v in zip(nat["sector_group"], nat["year"], nat["shortage_pct"])}
    assert [round(pct[("po", y)], 1) for y in (2021, 2022, 2023)] == [9.1, 9.5, 9.7]
    assert round(pct[("vo", 2023)], 1) == 5.8


def test_births_variants_and_frames(tmp_path: Path) -> None:
    def pupils_2040(**kw: object) -> float:
        res = tekort.forecast(regions="nl", sector="po", until=2040, **kw)
        return float(res.filter(pl.col("year") == 2040)["pupils"].sum())

    low, medium, high = (pupils_2040(demography=v) for v in ("low", "medium", "high"))
    assert low < medium < high
    flat = pl.DataFrame({"year": list(range(2024, 2037)), "births": [150_000.0] * 13})
    assert pupils_2040(demography=flat) < medium
    # pandas and a CSV path work alike.
    assert pupils_2040(demography=flat.to_pandas()) == pupils_2040(demography=flat)
    path = tmp_path / "births.csv"
    flat.write_csv(path)
    assert pupils_2040(demography=str(path)) == pupils_2040(demography=flat)
    with pytest.raises(errors.InvalidDemographyError, match="2036"):
        pupils_2040(demography=flat.filter(pl.col("year") < 2036))
    with pytest.raises(errors.InvalidDemographyError, match="optimistic"):
        pupils_2040(demography="optimistic")
    with pytest.raises(errors.YearOutOfRangeError, match="2010"):
        tekort.forecast(regions="nl", start=2010)


def test_own_pupil_forecast(tmp_path: Path) -> None:
    base = tekort.forecast(regions="provincie", sector="vo", until=2032)
    row = base.filter((pl.col("region") == "Flevoland") & (pl.col("year") == 2032))
    own = pl.DataFrame({"region": ["Flevoland"], "sector": ["vo"], "year": [2032], "pupils": [row["pupils"][0] * 1.5]})
    res = tekort.forecast(regions="provincie", sector="vo", until=2032, pupils=own.to_pandas())
    got = res.filter((pl.col("region") == "Flevoland") & (pl.col("year") == 2032))
    assert got["pupils"][0] == pytest.approx(row["pupils"][0] * 1.5)
    assert got["demand_fte"][0] > row["demand_fte"][0]
    path = tmp_path / "leerlingen.csv"
    own.write_csv(path)
    assert tekort.forecast(regions="provincie", sector="vo", until=2032, pupils=path).equals(res)
    with pytest.raises(errors.InvalidDemographyError, match="Atlantis"):
        tekort.forecast(regions="provincie", sector="vo", until=2032, pupils=own.with_columns(region=pl.lit("Atlantis")))


def test_validation_report_is_the_doc() -> None:
    doc = (ROOT / "docs" / "validation.md").read_text()
    assert tekort.validation() == doc


def test_python_equals_the_cli(tmp_path: Path) -> None:
    # A no-op when the binary is current; a stale binary would compare old code.
    subprocess.run(["cargo", "build", "--release", "-p", "tekort-cli"], cwd=ROOT, check=True)
    cli = ROOT / "target" / "release" / "tekort"
    scen = tmp_path / "meer.toml"
    scen.write_text('name = "meer"\nzij_instroom = 1.5\n')
    out = tmp_path / "out.parquet"
    subprocess.run(
        [str(cli), "forecast", "--regions", "provincie", "--until", "2032",
         "--scenario", str(scen), "--out", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    from_cli = pl.read_parquet(out)
    from_py = tekort.forecast(
        regions="provincie",
        until=2032,
        scenarios=[tekort.Scenario.baseline(), tekort.Scenario.from_toml(scen)],
    )
    assert from_cli.columns == from_py.columns
    assert from_cli.equals(from_py)


def test_scenarios_compare_side_by_side() -> None:
    sc = tekort.Scenario("meer zij-instroom", zij_instroom=1.5, from_year=2026)
    cmp = tekort.forecast(scenarios=[tekort.Scenario.baseline(), sc], sector="po", until=2035)
    nat = tekort.aggregate(cmp, by=["scenario", "year"]).filter(pl.col("year") == 2035)
    short = dict(zip(nat["scenario"], nat["shortage_fte"]))
    assert short["meer zij-instroom"] < short["baseline"]
    base_year = tekort.aggregate(cmp, by=["scenario", "year"]).filter(pl.col("year") == 2025)
    assert base_year["shortage_fte"].n_unique() == 1


@pytest.mark.parametrize("make", [
    lambda d: pl.DataFrame(d),
    lambda d: pd.DataFrame(d),
    lambda d: pa.table(d),
    lambda d: d,
])  # fmt: skip
def test_regions_from_any_frame(make) -> None:  # type: ignore[no-untyped-def]
    r = tekort.Regions.from_frame(make({"gemeentecode": ["0034", "995"], "region": ["Almere", "Lelystad"]}), name="flevo")
    assert r.regions == ["Almere", "Lelystad", "rest van Nederland"]
    res = tekort.forecast(regions=r, sector="vo", until=2027)
    assert set(res["region"]) == set(r.regions)
    assert res["region_system"].unique().to_list() == ["flevo"]
    nat = tekort.forecast(regions="nl", sector="vo", until=2027)
    assert res.filter(pl.col("year") == 2025)["pupils"].sum() == pytest.approx(nat.filter(pl.col("year") == 2025)["pupils"].sum())


def test_regions_from_csv_and_integer_codes(tmp_path: Path) -> None:
    path = tmp_path / "mijn_regio.csv"
    path.write_text("gemeentecode,region\n363,Amsterdam\nGM0384,Diemen\n")
    r = tekort.Regions.from_csv(path)
    assert r.name == "mijn_regio" and len(r) == 3
    res = tekort.forecast(regions=str(path), sector="po_bo", until=2026)
    assert set(res["region"]) == {"Amsterdam", "Diemen", "rest van Nederland"}
    frame = r.to_frame()
    assert frame.filter(pl.col("gemeentecode") == "0363")["region"].item() == "Amsterdam"
    assert frame.height == 342


def test_builtin_regions() -> None:
    r = tekort.Regions.builtin("corop")
    assert len(r) == 40
    assert tekort.forecast(regions=r, sector="mbo", until=2026)["region"].n_unique() == 40
    assert tekort.Regions.builtin("nl").to_frame()["region"].unique().to_list() == ["Nederland"]


def test_municipalities() -> None:
    m = tekort.municipalities()
    assert m.height == 342
    assert m["provincie"].n_unique() == 12
    assert m["arbeidsmarktregio"].n_unique() == 35


@pytest.mark.parametrize("kind", ["polars", "pandas", "pyarrow"])
def test_aggregate_returns_the_kind_it_was_given(default_result: pl.DataFrame, kind: str) -> None:
    frame = {"polars": default_result, "pandas": default_result.to_pandas(), "pyarrow": default_result.to_arrow()}[kind]
    out = tekort.aggregate(frame, by=["sector_group", "year"])
    expected = {"polars": pl.DataFrame, "pandas": pd.DataFrame, "pyarrow": pa.Table}[kind]
    assert isinstance(out, expected)
    out = pl.DataFrame(out) if kind != "pandas" else pl.from_pandas(out)
    po = out.filter((pl.col("sector_group") == "po") & (pl.col("year") == 2030))
    raw = default_result.filter(pl.col("sector").str.starts_with("po") & (pl.col("year") == 2030))
    assert po["shortage_fte"].item() == pytest.approx(raw["shortage_fte"].sum())
    assert po["shortage_pct"].item() == pytest.approx(100 * raw["shortage_fte"].sum() / raw["employment_fte"].sum())


def test_aggregate_rejects_unknown_columns(default_result: pl.DataFrame) -> None:
    with pytest.raises(errors.DataError, match="gemeente"):
        tekort.aggregate(default_result, by=["gemeente"])


def test_workforce_by_age_adds_up() -> None:
    ages = tekort.workforce_by_age(regions="provincie", sector="vo", until=2027)
    res = tekort.forecast(regions="provincie", sector="vo", until=2027)
    summed = ages.group_by(KEYS).agg(pl.col("teachers").sum(), pl.col("employment_fte").sum())
    joined = res.join(summed, on=KEYS, suffix="_by_age")
    assert joined.height == res.height
    assert (joined["teachers"] - joined["teachers_by_age"]).abs().max() < 1e-6
    assert (joined["employment_fte"] - joined["employment_fte_by_age"]).abs().max() < 1e-6
    assert ages["age"].min() >= 18 and ages["age"].max() <= 75


def test_params_round_trip_and_attribute_access(tmp_path: Path) -> None:
    p = tekort.Params.default()
    assert p.base_year == 2025
    p.workforce.employment_fte.po = 90_000
    p.inflow.shortage_pull = {"value": 0.5, "sd": 0.1}
    path = tmp_path / "p.toml"
    path.write_text(p.to_toml())
    back = tekort.Params.from_toml(path)
    assert back == p
    assert back.workforce.employment_fte.po == 90_000
    assert back.inflow.shortage_pull == {"value": 0.5, "sd": 0.1}
    assert tekort.Params.from_toml_str("[workforce]\nmbo_students = 400000").workforce.mbo_students == 400_000
    with pytest.raises(AttributeError, match="employmnt_fte"):
        p.workforce.employmnt_fte = 1
    with pytest.raises(AttributeError, match="known"):
        _ = p.workforce.nope
    res = tekort.forecast(regions="nl", sector="po", until=2026, params=p, start=2023)
    assert res.filter(pl.col("year") == 2023)["employment_fte"].sum() == pytest.approx(90_000)


def test_params_errors() -> None:
    p = tekort.Params.default()
    p.inflow.shortage_pull = 3.0
    with pytest.raises(errors.InvalidParamsError, match="inflow.shortage_pull") as e:
        p.validate()
    assert isinstance(e.value, ValueError)
    with pytest.raises(errors.InvalidParamsError, match="inflow.shortage_pull"):
        tekort.forecast(params=p)
    with pytest.raises(errors.InvalidParamsError, match="retirement"):
        tekort.Params.from_toml_str("[outflow]\nretirement = 1")
    with pytest.raises(errors.ReadError):
        tekort.Params.from_toml("/no/such/params.toml")


def test_scenario_round_trip(tmp_path: Path) -> None:
    s = tekort.Scenario(
        "mix", from_year=2027, sectors=["po"], zij_instroom=1.5, outflow={"under_30": 0.8},
        fte_per_person=1.05, aow_age=[(2030, 68.0)],
    )  # fmt: skip
    assert tekort.Scenario.from_toml_str(s.to_toml()) == s
    path = tmp_path / "zonder_naam.toml"
    path.write_text("zij_instroom = 2\n")
    assert tekort.Scenario.from_toml(path).name == "zonder_naam"
    assert "zij_instroom=1.5" in repr(s)
    assert s.changed_levers()["outflow"] == {"under_30": 0.8}


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"class_size": -1}, "class_size"),
        ({"zij_instroom": float("nan")}, "zij_instroom"),
        ({"outflow": {"under_31": 0.5}}, "under_31"),
        ({"sectors": ["ko"]}, "ko"),
        ({"from_year": 2027, "aow_age": [(2026, 68.0)]}, "aow_age"),
    ],
)
def test_scenario_errors_name_the_key(kwargs, key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(errors.InvalidScenarioError, match=key) as e:
        tekort.Scenario("x", **kwargs)
    assert isinstance(e.value, ValueError) and isinstance(e.value, tekort.TekortError)


def test_each_exception_class() -> None:
    cases = [
        (lambda: tekort.Regions.from_frame({"gemeentecode": ["9876"], "region": ["x"]}), errors.UnknownMunicipalityError, KeyError, "9876"),
        (lambda: tekort.Regions.from_frame({"gemeentecode": ["0457"], "region": ["Weesp"]}), errors.UnknownMunicipalityError, KeyError, "0363"),
        (lambda: tekort.Regions.from_frame({"gemeentecode": ["0363", "363"], "region": ["a", "b"]}), errors.InvalidRegionsError, ValueError, "both"),
        (lambda: tekort.Regions.from_frame({"code": ["0363"]}), errors.DataError, ValueError, "gemeentecode"),
        (lambda: tekort.Regions.builtin("gemeenten"), errors.UnknownRegionSystemError, ValueError, "gemeenten"),
        (lambda: tekort.forecast(regions="gemeenten"), errors.UnknownRegionSystemError, ValueError, "gemeenten"),
        (lambda: tekort.forecast(regions="/no/such/file.csv"), errors.ReadError, OSError, "file.csv"),
        (lambda: tekort.forecast(sector="ko"), errors.UnknownSectorError, ValueError, "ko"),
        (lambda: tekort.forecast(until=2100), errors.YearOutOfRangeError, ValueError, "2100"),
        (lambda: tekort.forecast(scenarios=[tekort.Scenario("vroeg", from_year=2020)]), errors.YearOutOfRangeError, ValueError, "vroeg"),
        (lambda: tekort.forecast(scenarios=[tekort.Scenario.baseline(), tekort.Scenario.baseline()]), errors.InvalidScenarioError, ValueError, "baseline"),
        (lambda: tekort.forecast(data_dir="/no/such/dir"), errors.ReadError, OSError, "gemeenten.csv"),
    ]  # fmt: skip
    for call, cls, builtin, needle in cases:
        with pytest.raises(cls) as e:
            call()
        assert isinstance(e.value, builtin) and isinstance(e.value, tekort.TekortError)
        assert needle in str(e.value), (cls, str(e.value))


def test_bad_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        tekort.forecast(regions=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tekort.forecast(scenarios=["baseline"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        tekort.Regions.from_frame([1, 2, 3])


def test_data_dir_equals_embedded() -> None:
    a = tekort.forecast(regions="nl", until=2027)
    b = tekort.forecast(regions="nl", until=2027, data_dir=ROOT / "data")
    assert a.equals(b)


def test_gil_is_released_for_parallel_forecasts() -> None:
    # Not a timing test: checks that concurrent calls work and agree.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        frames = list(pool.map(lambda _: tekort.forecast(regions="corop", until=2035), range(4)))
    assert all(f.equals(frames[0]) for f in frames)


def test_the_result_stream_is_arrow() -> None:
    from tekort import _core

    stream = _core.municipalities()
    table = pa.table(stream)  # pyarrow reads the same C stream
    assert table.num_rows == 342
    with pytest.raises(RuntimeError, match="consumed"):
        stream.__arrow_c_stream__()


def test_version() -> None:
    assert tekort.__version__ == "0.1.0"


def test_plot_is_lazy() -> None:
    code = "import sys, tekort; tekort.forecast(regions='nl', until=2026); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_stubs_match_the_compiled_module() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "tekort._core"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr


def test_aggregate_keeps_the_scenario_order() -> None:
    scenarios = [tekort.Scenario("zzz", zij_instroom=2), tekort.Scenario.baseline(), tekort.Scenario("aaa", returners=2)]
    res = tekort.forecast(regions="nl", sector="vo", until=2027, scenarios=scenarios)
    out = tekort.aggregate(res, by=["scenario", "year"])
    assert out["scenario"].unique(maintain_order=True).to_list() == ["zzz", "baseline", "aaa"]
    assert out["year"].to_list()[:3] == [2025, 2026, 2027]


def test_filled_in_inputs_are_warnings(tmp_path: Path) -> None:
    # A dataset without the po measurement of one region: it gets the
    # national mean, and a CalibrationWarning says so.
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.md"))
    ms = pl.read_csv(data / "measured_shortage.csv", schema_overrides={"gemeentecode": pl.String})
    ms.filter(~((pl.col("sector") == "po") & (pl.col("region") == "Achterhoek"))).write_csv(
        data / "measured_shortage.csv"
    )
    with pytest.warns(errors.CalibrationWarning, match="Achterhoek"):
        tekort.forecast(regions="arbeidsmarktregio", sector="po_bo", until=2026, data_dir=data)


def test_save_is_atomic_and_typed(tmp_path: Path) -> None:
    res = tekort.forecast(regions="nl", sector="mbo", until=2027)
    for name in ["r.csv", "r.parquet"]:
        tekort.save(res.to_pandas() if name.endswith("csv") else res, tmp_path / name)
    assert pl.read_parquet(tmp_path / "r.parquet").equals(res)
    assert pl.read_csv(tmp_path / "r.csv").height == res.height
    with pytest.raises(errors.UnsupportedFormatError, match=r"r\.xls:") as e:
        tekort.save(res, tmp_path / "r.xls")
    assert isinstance(e.value, ValueError)
    with pytest.raises(errors.WriteError, match="no/such") as w:
        tekort.save(res, tmp_path / "no" / "such" / "r.csv")
    assert isinstance(w.value, OSError)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.parquet"]


def test_bad_data_values_are_invalid_value_errors(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    vo = (data / "vo_pupils.csv").read_text().splitlines()
    vo[1] = ",".join(vo[1].split(",")[:2] + ["-5"])
    (data / "vo_pupils.csv").write_text("\n".join(vo) + "\n")
    with pytest.raises(errors.InvalidValueError, match="-5") as e:
        tekort.forecast(data_dir=data)
    assert isinstance(e.value, ValueError)


def test_a_rust_panic_is_an_internal_error_not_a_crash() -> None:
    from tekort import _core

    with pytest.raises(errors.InternalError, match="deliberate test panic") as e:
        _core._panic_for_tests()
    assert isinstance(e.value, RuntimeError) and isinstance(e.value, tekort.TekortError)


def test_all_names_every_public_function() -> None:
    # The task modules' functions are the package's; none is left out of
    # tekort.__all__ (microsim, indicators and report once were).
    import inspect

    from tekort import _evaluate, _forecast, _monitor

    for module in (_forecast, _monitor, _evaluate):
        assert set(module.__all__) <= set(tekort.__all__), module.__name__
    public = {n for n, f in vars(tekort).items() if inspect.isfunction(f) and not n.startswith("_")}
    assert public <= set(tekort.__all__), public - set(tekort.__all__)
    assert {"microsim", "indicators", "report"} <= set(tekort.__all__)
