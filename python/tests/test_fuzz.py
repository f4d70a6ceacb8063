"""Property-based fuzzing of the Python inputs (hypothesis).

Frames (polars, pandas, pyarrow) with nulls, NaN, infinities, negative and
huge values, wrong dtypes and missing or extra columns go to
``Regions.from_frame``, ``forecast(demography=frame)``,
``forecast(pupils=frame)``, ``aggregate``, ``backtest_summary`` and
``save``; parameters are set attribute by attribute, scenarios built from
keyword arguments.

The rule: every call returns or raises a :class:`tekort.errors.TekortError`
subclass (wrong argument *types* included: ``InvalidArgumentError`` is also
a ``TypeError``), and never :class:`tekort.errors.InternalError`, a
``pyo3_runtime.PanicException`` (a ``BaseException``), an exception of
polars, pandas or pyarrow, or a bare builtin; the only builtin allowed is Python's own ``TypeError`` for a keyword
argument a signature does not have (``Scenario("x", unknown_lever=1)``).
A hypothesis deadline catches hangs;
``save`` must leave no file behind when it fails. The Rust side (files,
TOML, the data directory) is fuzzed in ``crates/tekort-polars/tests/fuzz.rs``
and by the long run in ``benches/examples/fuzz_long.rs`` (``docs/fuzzing.md``).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, Callable, Dict, List

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import tekort
from tekort.errors import InternalError, TekortError

FAST = settings(
    max_examples=60,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

MUNICIPALITIES = tekort.municipalities()
CODES = MUNICIPALITIES["gemeentecode"].to_list()
PROVINCES = sorted(set(MUNICIPALITIES["provincie"].to_list()))

weird_numbers = st.sampled_from(
    [0, -1, 1, 2.5, 363.0, 2025, 2026, 2030, 1899, 2201, 10**12, -(10**12), 1e308, -1e308,
     math.nan, math.inf, -math.inf, 2**31, -(2**31) - 1]
)
weird_text = st.sampled_from(
    ["", " ", "0363", "363", "GM0363", "9999", "po", "vo", "mbo", "all", "po_bo", "Utrecht",
     "Nederland", "nan", "None", "1e400", "é", "💥", "\x00", "a,b"]
)
cell = st.one_of(
    st.none(),
    weird_numbers,
    weird_text,
    st.sampled_from(CODES[:20]),
    st.sampled_from(PROVINCES),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
)


def column(values: st.SearchStrategy, n: int) -> st.SearchStrategy:
    """A column of n cells of one kind: typed (so polars infers a dtype) or mixed."""
    typed = st.one_of(
        st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), weird_numbers.map(float)),
                 min_size=n, max_size=n),
        st.lists(st.one_of(st.none(), st.integers(min_value=-(2**40), max_value=2**40)), min_size=n, max_size=n),
        st.lists(st.one_of(st.none(), weird_text, st.sampled_from(CODES[:20]), st.sampled_from(PROVINCES)),
                 min_size=n, max_size=n),
        st.lists(st.one_of(st.none(), st.booleans()), min_size=n, max_size=n),
    )
    return st.one_of(typed, st.lists(values, min_size=n, max_size=n))


@st.composite
def frames(draw: Callable, names: List[str]) -> Any:
    """A frame with some of `names` (and maybe an extra column), as polars,
    pandas, pyarrow or a dict."""
    n = draw(st.integers(min_value=0, max_value=12))
    chosen = [c for c in names if draw(st.integers(0, 5)) > 0]
    if draw(st.booleans()):
        chosen.append(draw(st.sampled_from(["extra", "Region", "year ", "gemeentecode"])))
    data: Dict[str, list] = {}
    for c in dict.fromkeys(chosen):
        data[c] = draw(column(cell, n))
    kind = draw(st.sampled_from(["polars", "pandas", "pyarrow", "dict"]))
    try:
        df = pl.DataFrame(data, strict=False)
    except Exception:  # the test cannot build this frame; not tekort's input
        assume(False)
    if kind == "pandas":
        pytest.importorskip("pandas")
        try:
            return df.to_pandas()
        except Exception:
            assume(False)
    if kind == "pyarrow":
        pytest.importorskip("pyarrow")
        return df.to_arrow()
    if kind == "dict":
        return data
    return df


def call(f: Callable[[], Any]) -> Any:
    """Runs f: a result, or a TekortError (returned); anything else fails."""
    try:
        return f()
    except InternalError as e:  # a TekortError, but a bug
        pytest.fail(f"InternalError: {e}")
    except TekortError as e:
        assert str(e), "an error without a message"
        return e
    except BaseException as e:  # PanicException is a BaseException
        pytest.fail(f"{type(e).__module__}.{type(e).__name__} leaked: {e}")


@FAST
@given(frames(["gemeentecode", "bevoegd_gezag", "region"]))
def test_regions_from_frame(frame: Any) -> None:
    call(lambda: tekort.Regions.from_frame(frame))


@FAST
@given(frames(["gemeentecode", "year", "births", "variant"]))
def test_forecast_demography_frame(frame: Any) -> None:
    call(lambda: tekort.forecast(regions="nl", sector="po", until=2027, demography=frame))


@FAST
@given(frames(["region", "sector", "year", "pupils"]))
def test_forecast_pupils_frame(frame: Any) -> None:
    call(lambda: tekort.forecast(regions="provincie", sector="po", until=2027, pupils=frame))


FORECAST_COLUMNS = ["scenario", "region_system", "region", "sector", "year", "employment_fte",
                    "demand_fte", "shortage_fte", "shortage_pct", "pupils"]


@FAST
@given(frames(FORECAST_COLUMNS), st.sampled_from([("year",), ("scenario", "year"), ("sector_group",), ()]))
def test_aggregate(frame: Any, by: tuple) -> None:
    call(lambda: tekort.aggregate(frame, by=by))


@FAST
@given(frames(["component", "method", "region_system", "region", "sector", "cutoff", "year",
               "horizon", "actual", "forecast"]))
def test_backtest_summary(frame: Any) -> None:
    call(lambda: tekort.backtest_summary(frame))


@FAST
@given(frames(["region", "year", "value", "gemeentecode"]), st.sampled_from(["csv", "parquet", "xlsx", "txt"]),
       st.sampled_from(["ok", "missing_dir", "is_dir"]))
def test_save_whole_or_nothing(tmp_path_factory: pytest.TempPathFactory, frame: Any, ext: str, where: str) -> None:
    d = tmp_path_factory.mktemp("save")
    (d / "sub.csv").mkdir()
    path = {"ok": d / f"out.{ext}", "missing_dir": d / "missing" / f"out.{ext}", "is_dir": d / "sub.csv"}[where]
    before = sorted(os.listdir(d))
    out = call(lambda: tekort.save(frame, path))
    after = sorted(os.listdir(d))
    if isinstance(out, TekortError):
        assert after == before, f"a failed save left {set(after) - set(before)}"
    else:
        assert where == "ok" and ext != "txt"
        assert Path(path).stat().st_size > 0


def _leaves(d: Dict[str, Any], prefix: str = "") -> List[str]:
    out = []
    for k, v in d.items():
        if isinstance(v, dict) and v and not {"value", "se"} & set(v):
            out += _leaves(v, f"{prefix}{k}.")
        else:
            out.append(prefix + k)
    return out


PARAM_PATHS = _leaves(tekort.Params.default().to_dict())

values = st.one_of(
    st.none(),
    st.booleans(),
    weird_numbers,
    weird_text,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.lists(weird_numbers, max_size=3),
    st.dictionaries(st.sampled_from(["value", "se", "x", "under_30"]), weird_numbers, max_size=3),
)


@settings(max_examples=300, deadline=2000)
@given(st.sampled_from(PARAM_PATHS), values)
def test_params_assignment(path: str, value: Any) -> None:
    p = tekort.Params.default()
    *sections, key = path.split(".")

    def assign() -> Any:
        target: Any = p
        for s in sections:
            target = getattr(target, s)
        setattr(target, key, value)
        return tekort.forecast(regions="nl", sector="vo", until=2026, params=p) if value is not None and \
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) else None

    call(assign)


SCENARIO_KEYS = ["description", "from_year", "sectors", "zij_instroom", "training_intake", "returners",
                 "outflow", "fte_per_person", "class_size", "teaching_time", "substitute_capacity", "aow_age",
                 "unknown_lever"]


@settings(max_examples=200, deadline=5000)
@given(st.one_of(weird_text, st.none(), weird_numbers),
       st.dictionaries(st.sampled_from(SCENARIO_KEYS),
                       st.one_of(values, st.lists(st.sampled_from(["po", "vo", "mbo", "x"]), max_size=3),
                                 st.lists(st.tuples(weird_numbers, weird_numbers), max_size=2)),
                       max_size=4))
def test_scenario_kwargs(name: Any, kwargs: Dict[str, Any]) -> None:
    def build() -> Any:
        s = tekort.Scenario(name, **kwargs)
        return tekort.forecast(regions="nl", sector="po", until=2027, scenarios=[s])

    if "unknown_lever" in kwargs:
        # The one builtin allowed: Python's own TypeError for a keyword
        # argument the signature does not have.
        with pytest.raises(TypeError, match="unknown_lever"):
            build()
    else:
        call(build)
