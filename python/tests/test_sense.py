"""Inputs checked for sense: Dutch-formatted numbers refused, a user's
pupils that jump, have gaps or name sectors not in the run warned about,
scenario levers with a phase-in, a workload lever, levers that cancel,
values checked when set, Dutch keywords answered with the lever meant, and
a calibrated parameter that says it barely moves the result."""

from __future__ import annotations

import warnings
from pathlib import Path

import polars as pl
import pytest

import tekort
from tekort import errors


def _nl_po_bo(**kw) -> pl.DataFrame:
    return tekort.forecast(regions="nl", sector="po_bo", until=2032, **kw)


def _model_pupils(year: int) -> float:
    return _nl_po_bo().filter(pl.col("year") == year)["pupils"][0]


def _pupils(years, values, sector="po_bo") -> pl.DataFrame:
    return pl.DataFrame(
        {"region": ["Nederland"] * len(years), "sector": [sector] * len(years), "year": years, "pupils": values}
    )


def _plausibility(**kw) -> list:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _nl_po_bo(**kw)
    return [str(w.message) for w in caught if issubclass(w.category, errors.PlausibilityWarning)]


def test_dutch_formatted_pupils_are_refused_naming_the_cell(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"region": ["Nederland", "Nederland"], "sector": ["po_bo", "po_bo"], "year": [2027, 2028], "pupils": ["1400000", "66.000"]}
    )
    for given in (frame, frame.to_pandas()):
        with pytest.raises(errors.TekortError, match=r"column \"pupils\", row 3: \"66.000\" looks like a Dutch-formatted number \(66 000\?\); write 66000"):
            _nl_po_bo(pupils=given)
    path = tmp_path / "leerlingen.csv"
    path.write_text('region,sector,year,pupils\nNederland,po_bo,2027,"1.234.567,5"\n')
    with pytest.raises(errors.TekortError, match=r"leerlingen.csv.*row 2: \"1.234.567,5\" looks like a Dutch-formatted number \(1 234 567.5\?\); write 1234567.5"):
        _nl_po_bo(pupils=path)
    # Plain numbers as text are read.
    m = _model_pupils(2027)
    plain = frame.with_columns(pupils=pl.Series([str(round(m)), str(round(m))]))
    got = _nl_po_bo(pupils=plain).filter(pl.col("year") == 2027)["pupils"][0]
    assert got == pytest.approx(round(m))


def test_births_in_dutch_thousands_are_refused() -> None:
    births = pl.DataFrame({"year": list(range(2025, 2037)), "births": ["165.000"] * 12})
    with pytest.raises(errors.TekortError, match=r"\"165.000\" looks like a Dutch-formatted number"):
        tekort.forecast(regions="nl", sector="po_bo", until=2032, demography=births)


def test_user_pupils_that_jump_have_gaps_or_one_year_are_warned_about() -> None:
    m = _model_pupils(2027)
    assert _plausibility(pupils=_pupils([2027, 2028], [m, m * 0.99])) == []
    jumps = _plausibility(pupils=_pupils([2027, 2028], [66.0, m]))
    assert any("Nederland, po_bo in 2027" in w and "-100.0 %" in w and "first year they replace" in w for w in jumps), jumps
    assert any("in 2028" in w and "given for 2027" in w for w in jumps), jumps
    gaps = _plausibility(pupils=_pupils([2027, 2030], [m, m * 0.97]))
    assert any("no 2028, 2029 for Nederland, po_bo: interpolated linearly" in w for w in gaps), gaps
    interpolated = _nl_po_bo(pupils=_pupils([2027, 2030], [m, m * 0.97])).filter(pl.col("year") == 2028)
    assert interpolated["pupils"][0] == pytest.approx(m * 0.99)
    one = _plausibility(pupils=_pupils([2030], [m]))
    assert any("give only 2030" in w and "that year alone replaces" in w for w in one), one
    other = _plausibility(pupils=_pupils([2027, 2028], [1e6, 1e6], sector="vo"))
    assert any("rows for vo, not in this run (sectors po_bo)" in w for w in other), other


def test_duplicate_pupil_rows_are_an_error() -> None:
    m = _model_pupils(2027)
    with pytest.raises(errors.InvalidDemographyError, match="twice for Nederland, po_bo, 2027"):
        _nl_po_bo(pupils=_pupils([2027, 2027], [m, m]))


def test_ramp_years_phase_a_lever_in() -> None:
    full = tekort.Scenario("full", class_size=0.9, from_year=2026)
    ramped = tekort.Scenario("ramped", class_size=0.9, from_year=2026, ramp_years=5)
    df = _nl_po_bo(scenarios=[tekort.Scenario.baseline(), full, ramped]).filter(pl.col("year") == 2026)
    demand = dict(zip(df["scenario"], df["demand_fte"]))
    share = (demand["ramped"] - demand["baseline"]) / (demand["full"] - demand["baseline"])
    assert 0.15 < share < 0.25
    assert "ramp_years = 5" in ramped.to_toml()
    assert tekort.Scenario.from_toml_str(ramped.to_toml()) == ramped
    assert "ramp_years" not in full.to_toml()


def test_workload_lever_raises_demand() -> None:
    s = tekort.Scenario("werkdruk", workload=0.05)
    df = _nl_po_bo(scenarios=[tekort.Scenario.baseline(), s]).filter(pl.col("year") == 2027)
    demand = dict(zip(df["scenario"], df["demand_fte"]))
    assert demand["werkdruk"] / demand["baseline"] == pytest.approx(1.05)
    assert s.changed_levers() == {"workload": 0.05}


def test_levers_that_cancel_are_flagged() -> None:
    s = tekort.Scenario("opgeheven", class_size=0.95, teaching_time=0.95)
    with pytest.warns(errors.PlausibilityWarning, match="class_size = 0.95 and teaching_time = 0.95 cancel out"):
        _nl_po_bo(scenarios=[s])


def test_values_are_checked_when_set() -> None:
    s = tekort.Scenario("x")
    with pytest.raises(errors.InvalidScenarioError, match="zij_instroom = -3 must be between 0 and 20") as set_error:
        s.zij_instroom = -3
    assert s.zij_instroom == 1.0  # the old value is kept
    # The message the forecast gives for the same value.
    bad = tekort.Scenario("x")
    object.__setattr__(bad, "zij_instroom", -3.0)
    with pytest.raises(errors.InvalidScenarioError) as run_error:
        _nl_po_bo(scenarios=[bad])
    assert str(set_error.value) == str(run_error.value)
    with pytest.raises(errors.InvalidScenarioError, match="ramp_years = 99"):
        s.ramp_years = 99
    s.ramp_years = 3
    assert s.ramp_years == 3


def test_unknown_keywords_suggest_the_lever() -> None:
    with pytest.raises(errors.InvalidScenarioError, match=r"unknown keyword klassegrootte \(did you mean 'class_size'\?\)"):
        tekort.Scenario("x", klassegrootte=0.9)
    with pytest.raises(errors.InvalidScenarioError, match=r"lestijd \(did you mean 'teaching_time'\?\)"):
        tekort.Scenario("x", lestijd=0.9)
    with pytest.raises(errors.InvalidScenarioError, match=r"zij_instrom \(did you mean 'zij_instroom'\?\)"):
        tekort.Scenario("x", zij_instrom=1.5)
    with pytest.raises(AttributeError, match=r"'werkdruk' \(did you mean 'workload'\?\)"):
        tekort.Scenario("x").werkdruk = 0.05


def test_a_calibrated_parameter_says_so_once() -> None:
    tekort.warnings_once(True)
    p = tekort.Params.default()
    with pytest.warns(errors.CalibrationWarning, match=r"Scenario\(fte_per_person=…\)") as caught:
        p.hours.fte_per_person.po.age_30_44 = 0.80
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p.hours.fte_per_person.po.age_45_59 = 0.80  # once per session
        p.inflow.zij_instroom_persons = p.inflow.zij_instroom_persons  # not calibrated: quiet
    tekort.warnings_once(True)
