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
``save`` must leave no file behind when it fails. Integers far out of
range (``10**30``, ``2**64``, ``-2**40``) go to every whole-number
argument, and columns of every polars type the compiled core does not read
as such (``Int8`` … ``UInt16``, ``Int128``, ``Decimal``, dates, times,
durations, structs, arrays) to every frame. The reproducers of issue 21
are kept as tests: each gives its ``tekort.errors`` class, still an
instance of the builtin Python raised before (``OverflowError``,
``TypeError``, ``ValueError``). The Rust side (files,
TOML, the data directory) is fuzzed in ``crates/tekort-polars/tests/fuzz.rs``
and by the long run in ``benches/examples/fuzz_long.rs`` (``docs/fuzzing.md``).
"""

from __future__ import annotations

import datetime
import decimal
import math
import os
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, List

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import tekort
from tekort import errors
from tekort.errors import InternalError, TekortError

FAST = settings(
    max_examples=60,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

MUNICIPALITIES = tekort.municipalities()
CODES = MUNICIPALITIES["gemeentecode"].to_list()
PROVINCES = sorted(set(MUNICIPALITIES["provincie"].to_list()))

FAR_OUT = [10**30, -(10**30), 2**64, 2**64 - 1, 2**63, -(2**40), 2**40, 2**31, -(2**31) - 1, 10**400, -(10**400)]
"""Integers that do not fit the 32- or 64-bit integers the compiled core takes (or only just do)."""

weird_numbers = st.sampled_from(
    [0, -1, 1, 2.5, 363.0, 2025, 2026, 2030, 1899, 2201, 10**12, -(10**12), 1e308, -1e308,
     math.nan, math.inf, -math.inf, *FAR_OUT]
)
far_integers = st.one_of(
    st.sampled_from(FAR_OUT),
    st.integers(min_value=2**31),
    st.integers(max_value=-(2**31) - 1),
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


EXOTIC_TYPES = [
    pl.Int8, pl.Int16, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64, pl.Int128, pl.Float32,
    pl.Decimal(20, 3), pl.Date, pl.Datetime("us"), pl.Datetime("ms", "Europe/Amsterdam"),
    pl.Duration("us"), pl.Time, pl.Binary, pl.Null, pl.Categorical, pl.List(pl.Int64),
    pl.Array(pl.Int64, 1), pl.Struct({"a": pl.Int64}), pl.List(pl.Decimal(10, 2)),
]  # fmt: skip
"""Column types a frame may have besides the usual Int64, Float64, String and Boolean."""


def exotic(values: list, dtype: pl.DataType) -> pl.Series:
    """A column of ``dtype`` from ``values`` (cells that do not convert are null)."""
    if isinstance(dtype, pl.Struct):
        return pl.Series([{"a": v if isinstance(v, int) and abs(v) < 2**62 else None} for v in values], dtype=dtype)
    if isinstance(dtype, (pl.List, pl.Array)):
        return pl.Series([[v] for v in values]).cast(dtype, strict=False)
    if dtype in (pl.Date, pl.Time) or isinstance(dtype, (pl.Datetime, pl.Duration)):
        day = datetime.datetime(2025, 1, 1)
        series = pl.Series([day + datetime.timedelta(days=i) for i in range(len(values))])
        return series.cast(dtype, strict=False) if not isinstance(dtype, pl.Duration) else series - day
    if dtype == pl.Categorical:
        return pl.Series([None if v is None else str(v) for v in values], dtype=pl.Categorical)
    base = pl.Series(values, strict=False)
    if base.dtype == pl.String and dtype != pl.Binary:
        base = base.cast(pl.Float64, strict=False)
    return base.cast(dtype, strict=False)


def _as_float(v: Any) -> float:
    """A number as a float; an integer beyond the floats (10**400) as infinity."""
    try:
        return float(v)
    except OverflowError:
        return math.inf if v > 0 else -math.inf


def column(values: st.SearchStrategy, n: int) -> st.SearchStrategy:
    """A column of n cells of one kind: typed (so polars infers a dtype) or mixed."""
    typed = st.one_of(
        st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), weird_numbers.map(_as_float)),
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
        # One column, sometimes, of a type beside Int64/Float64/String/Boolean.
        if data and draw(st.integers(0, 2)) == 0:
            c = draw(st.sampled_from(list(data)))
            df = df.with_columns(exotic(data[c], draw(st.sampled_from(EXOTIC_TYPES))).alias(c))
            kind = "polars" if kind == "dict" else kind
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
        try:
            return df.to_arrow()
        except Exception:  # an Int128 column: pyarrow has no such type
            assume(False)
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
                 "outflow", "fte_per_person", "class_size", "teaching_time", "substitute_capacity", "aow_age", "market_reaction",
                 "workload", "ramp_years", "unknown_lever"]


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
        # A keyword the signature does not have: tekort's own error naming it.
        with pytest.raises(tekort.errors.InvalidScenarioError, match="unknown keyword unknown_lever"):
            build()
    else:
        call(build)


# --------------------------------------------------------------------------
# whole-number arguments far out of range, and the reproducers of issue 21

WHOLE_ARGUMENTS: Dict[str, Callable[[Any], Any]] = {
    "until": lambda v: tekort.forecast(regions="nl", sector="vo", until=v),
    "start": lambda v: tekort.forecast(regions="nl", sector="vo", until=2026, start=v),
    "draws": lambda v: tekort.forecast(regions="nl", sector="vo", until=2026, draws=v),
    "seed": lambda v: tekort.forecast(regions="nl", sector="vo", until=2026, draws=2, seed=v),
    "simulate draws": lambda v: tekort.simulate(regions="nl", sector="vo", until=2026, draws=v),
    "runs": lambda v: tekort.microsim(regions="nl", sector="vo", until=2026, runs=v),
    "horizon": lambda v: tekort.backtest("births", regions="nl", horizon=v),
    "cutoffs": lambda v: tekort.backtest("births", regions="nl", cutoffs=(2015, v)),
    "target_year": lambda v: tekort.indicators(regions="nl", sector="vo", until=2026, target_year=v),
    "report draws": lambda v: tekort.report("nl", "Nederland", sector="vo", until=2026, draws=v),
    "target_shortage_pct": lambda v: tekort.indicators(regions="nl", sector="vo", until=2026,
                                                        target_shortage_pct=v),
    "level": lambda v: tekort.forecast(regions="nl", sector="vo", until=2026, draws=2, level=v),
}


@settings(max_examples=150, deadline=5000)
@given(st.sampled_from(sorted(WHOLE_ARGUMENTS)), far_integers)
def test_whole_numbers_far_out_of_range(argument: str, value: int) -> None:
    """A number beyond what the core takes is an error at once: an
    IntegerOverflowError (also an OverflowError and a ValueError) when it
    does not fit the integer type, else the model's own bound (years, the
    Monte Carlo's time, the backtest horizon) or a result (a seed that
    fits); never pyo3's bare OverflowError or TypeError."""
    out = call(lambda: WHOLE_ARGUMENTS[argument](value))  # a result (seed=2**64 - 1) or a TekortError
    # below zero, draws, runs and seed have their own checks (at least 1; seed >= 0)
    fits = -(2**31) <= value < 2**31 if argument in ("until", "start", "horizon", "cutoffs", "target_year") \
        else value < 2**64
    if argument in ("target_shortage_pct", "level"):
        fits = abs(value) < 2**1000
    if not fits:
        assert isinstance(out, errors.IntegerOverflowError) and isinstance(out, OverflowError), repr(out)
        assert argument.split()[-1] in str(out) and len(str(out)) < 400, str(out)


def _small(values: list, dtype: pl.DataType) -> pl.DataFrame:
    return pl.DataFrame({"x": values}).cast({"x": dtype})


def _births(year: Any = None, births: Any = None, kind: str = "polars") -> Any:
    years = list(range(2024, 2028))
    df = pl.DataFrame({"year": years, "births": [165_000.0] * len(years)})
    if year is not None:
        df = df.with_columns(year)
    if births is not None:
        df = df.with_columns(births)
    return df.to_pandas() if kind == "pandas" else df.to_arrow() if kind == "pyarrow" else df


DAY = datetime.date(2025, 1, 1)
REPRODUCERS: Dict[str, Any] = {
    # (call, tekort.errors class, the builtin the issue saw)
    "forecast(until=10**30)": (lambda: tekort.forecast(regions="nl", until=10**30),
                               errors.IntegerOverflowError, OverflowError),
    "forecast(draws=2**64)": (lambda: tekort.forecast(regions="nl", sector="vo", until=2026, draws=2**64),
                              errors.IntegerOverflowError, OverflowError),
    "forecast(start=-2**40)": (lambda: tekort.forecast(regions="nl", sector="vo", until=2026, start=-(2**40)),
                               errors.IntegerOverflowError, OverflowError),
    "backtest(horizon=10**12)": (lambda: tekort.backtest("births", regions="nl", horizon=10**12),
                                 errors.IntegerOverflowError, OverflowError),
    "forecast(regions=123)": (lambda: tekort.forecast(regions=123), errors.InvalidArgumentError, TypeError),
    "forecast(scenarios=-1)": (lambda: tekort.forecast(regions="nl", scenarios=-1),
                               errors.InvalidArgumentError, TypeError),
    "report(lang=5)": (lambda: tekort.report("nl", "Nederland", lang=5, draws=0),
                       errors.InvalidArgumentError, TypeError),
    "report(target_shortage_pct='x')": (lambda: tekort.report("nl", "Nederland", draws=0, target_shortage_pct="x"),
                                        errors.InvalidArgumentError, ValueError),
    "collapse_sectors(numeric sector)": (
        lambda: tekort.collapse_sectors(pl.DataFrame({"sector": [1, 2], "year": [2025, 2025], "pupils": [1.0, 2.0]})),
        errors.DataError, ValueError),
    "Regions.from_frame(duration region)": (
        lambda: tekort.Regions.from_frame(pl.DataFrame({"gemeentecode": ["0363"], "region": [datetime.timedelta(1)]})),
        errors.ColumnTypeError, TypeError),
    "Regions.from_frame(array region)": (
        lambda: tekort.Regions.from_frame(
            pl.DataFrame({"gemeentecode": ["0363"], "region": [[1]]}, schema={"gemeentecode": pl.String,
                                                                             "region": pl.Array(pl.Int64, 1)})),
        errors.ColumnTypeError, TypeError),
    "forecast(demography=Date years)": (
        lambda: tekort.forecast(regions="nl", sector="po", until=2027,
                                demography=_births(year=pl.Series("year", [DAY] * 4))),
        errors.ColumnTypeError, TypeError),
    "simulate(draws=None)": (lambda: tekort.simulate(regions="nl", sector="vo", until=2026, draws=None),
                             errors.InvalidArgumentError, TypeError),
    "save(struct column)": (lambda: tekort.save(pl.DataFrame({"s": [{"a": 1}]}), "unused.csv"),
                            errors.ColumnTypeError, TypeError),
    "save(Int128 beyond 64 bits)": (
        lambda: tekort.save(pl.DataFrame({"i": pl.Series([2**100], dtype=pl.Int128)}), "unused.csv"),
        errors.ColumnTypeError, TypeError),
}


@pytest.mark.parametrize("case", sorted(REPRODUCERS))
def test_issue_21_reproducers(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each call of issue 21 that raised a bare builtin (or a polars
    exception) raises a tekort.errors class that is still that builtin."""
    monkeypatch.chdir(tmp_path)
    f, cls, builtin = REPRODUCERS[case]
    with pytest.raises(cls) as e:
        f()
    assert isinstance(e.value, TekortError) and isinstance(e.value, builtin), type(e.value).__mro__
    assert not os.listdir(tmp_path)


SMALL_TYPES = [pl.Int8, pl.Int16, pl.UInt8, pl.UInt16, pl.UInt32, pl.Int128, pl.Decimal(12, 2)]


@pytest.mark.parametrize("dtype", SMALL_TYPES, ids=str)
@pytest.mark.parametrize("kind", ["polars", "pandas", "pyarrow"])
def test_births_of_any_integer_or_decimal_type_are_read(dtype: pl.DataType, kind: str) -> None:
    """Births (and years) as UInt8 … Int128 or Decimal columns (a pandas
    ``decimal.Decimal`` column, a pyarrow ``decimal128``) give the same
    forecast as Float64 births: read, never a PanicException."""
    if kind == "pandas":
        pytest.importorskip("pandas")
    if kind != "polars" and dtype == pl.Int128:
        pytest.skip("pyarrow (and so pandas) has no 128-bit integer")
    small = dtype in (pl.Int8, pl.UInt8)  # no year fits 8 bits
    value = 100 if small else 30_000 if dtype in (pl.Int16, pl.UInt16) else 165_000
    births = pl.Series("births", [value] * 4).cast(dtype)
    year = None if small else pl.Series("year", range(2024, 2028)).cast(dtype)
    reference = tekort.forecast(regions="nl", sector="po", until=2027,
                                demography=_births(births=pl.Series("births", [float(value)] * 4)))
    got = tekort.forecast(regions="nl", sector="po", until=2027, demography=_births(year, births, kind))
    assert got.equals(reference)


def test_pandas_decimal_columns_are_read() -> None:
    """The issue's case: a pandas column of decimal.Decimal (births in
    ``demography=``, any column in ``save`` and ``backtest_summary``)."""
    pd = pytest.importorskip("pandas")
    births = pd.DataFrame({"year": [2024, 2025, 2026, 2027], "births": [decimal.Decimal("165000.0")] * 4})
    got = tekort.forecast(regions="nl", sector="po", until=2027, demography=births)
    assert got.equals(tekort.forecast(regions="nl", sector="po", until=2027, demography=_births()))
    with warnings.catch_warnings():  # the births backtest's note on its 2016 vintage
        warnings.simplefilter("ignore", errors.CalibrationWarning)
        bt = tekort.backtest("births", regions="nl", cutoffs=(2015, 2016)).to_pandas()
    bt["actual"] = [decimal.Decimal(str(round(x, 3))) for x in bt["actual"]]
    summary = tekort.backtest_summary(bt)
    assert len(summary) > 0 and summary["mape"].notna().all()


def test_save_reads_every_column_type(tmp_path: Path) -> None:
    """Small and 128-bit integers, decimals, dates, times and durations are
    saved (dates and times as ISO 8601 text); a struct is refused by name."""
    df = pl.DataFrame({
        "i8": pl.Series([-3], dtype=pl.Int8), "u16": pl.Series([7], dtype=pl.UInt16),
        "i128": pl.Series([2**40], dtype=pl.Int128), "dec": pl.Series([decimal.Decimal("1.25")]),
        "date": [DAY], "when": [datetime.datetime(2025, 1, 1, 12)], "time": [datetime.time(8, 30)],
        "took": [datetime.timedelta(days=1, seconds=3)],
    })  # fmt: skip
    for ext in ("csv", "parquet", "xlsx"):
        tekort.save(df, tmp_path / f"x.{ext}")
    back = pl.read_parquet(tmp_path / "x.parquet")
    assert back.row(0) == (-3, 7, 2**40, 1.25, "2025-01-01", "2025-01-01 12:00:00.000000", "08:30:00", "P1DT3S")
    with pytest.raises(errors.ColumnTypeError, match="'s'.*Struct"):
        tekort.save(df.with_columns(s=pl.lit({"a": 1})), tmp_path / "y.csv")
    assert sorted(os.listdir(tmp_path)) == ["x.csv", "x.parquet", "x.xlsx"]


def test_the_core_refuses_decimal_and_int128_without_a_panic(tmp_path: Path) -> None:
    """Frames that reach the compiled core uncast (past tekort._frames):
    a ColumnTypeError naming the column, never a PanicException."""
    for df in (pl.DataFrame({"d": [decimal.Decimal("1.5")]}), pl.DataFrame({"d": pl.Series([1], dtype=pl.Int128)}),
               pl.DataFrame({"d": [[decimal.Decimal("1.5")]]}), pl.DataFrame({"d": [DAY]})):
        with pytest.raises(errors.ColumnTypeError, match='column "d"'):
            tekort._core.write_frame(df, str(tmp_path / "x.csv"))
    with pytest.raises(errors.InvalidArgumentError):
        tekort._core.write_frame(5, str(tmp_path / "x.csv"))
    assert not os.listdir(tmp_path)


@pytest.mark.parametrize("argument", ["draws", "runs"])
def test_a_monte_carlo_too_long_is_refused_at_once(argument: str) -> None:
    """The issue's hangs (``draws=10**7`` ran for more than 640 s): the core
    refuses a run estimated over 30 minutes before it starts, and Python
    reaches that check for every count up to 2**64 - 1."""
    import time

    for value in (10**7, 2**63, 2**64 - 1):
        t0 = time.monotonic()
        with pytest.raises(errors.InvalidValueError, match="minutes"):
            if argument == "draws":
                tekort.forecast(regions="nl", sector="vo", until=2030, draws=value)
            else:
                tekort.microsim(regions="nl", sector="vo", until=2030, runs=value)
        assert time.monotonic() - t0 < 5


def test_huge_ranges_are_not_listed() -> None:
    """``cutoffs=range(...)`` is read by its ends, and ``level=range(10**12)``
    is refused, at once: neither is turned into a list of its items."""
    import time

    t0 = time.monotonic()
    with pytest.raises(errors.InvalidValueError, match="level"):
        tekort.forecast(regions="nl", sector="vo", until=2026, draws=2, level=range(10**12))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", errors.CalibrationWarning)
        wide = tekort.backtest("births", regions="nl", cutoffs=range(-(2**31), 2**31 - 1))
        assert wide.equals(tekort.backtest("births", regions="nl"))
    assert time.monotonic() - t0 < 20
