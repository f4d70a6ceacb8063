"""Exceptions raised by tekort.

Every error derives from :class:`TekortError` and also from the builtin a
Python user would catch, so ``except KeyError`` works for an unknown
municipality code and ``except ValueError`` for a bad scenario value. The
message always names the offending value.

>>> import tekort
>>> try:
...     tekort.Regions.from_frame({"gemeentecode": ["9876"], "region": ["X"]})
... except tekort.errors.UnknownMunicipalityError as e:
...     print("9876" in str(e))
True
"""

from __future__ import annotations

__all__ = [
    "TekortError",
    "UnknownMunicipalityError",
    "UnknownRegionSystemError",
    "InvalidRegionsError",
    "UnknownSectorError",
    "UnknownComponentError",
    "YearOutOfRangeError",
    "InvalidValueError",
    "InvalidArgumentError",
    "IntegerOverflowError",
    "InvalidScenarioError",
    "InvalidParamsError",
    "InvalidDemographyError",
    "InvalidPupilsError",
    "DataError",
    "ColumnTypeError",
    "UnsupportedFormatError",
    "ReadError",
    "WriteError",
    "InternalError",
    "CalibrationWarning",
    "PlausibilityWarning",
    "warnings_once",
]


class TekortError(Exception):
    """Base class of every tekort error."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class UnknownMunicipalityError(TekortError, KeyError):
    """A gemeentecode that is not a 2026 municipality (historical codes name their successor)."""


class UnknownRegionSystemError(TekortError, ValueError):
    """A region system name that is not built in and not a CSV file."""


class InvalidRegionsError(TekortError, ValueError):
    """A region definition that assigns a municipality twice or has an empty name."""


class UnknownSectorError(TekortError, ValueError):
    """A sector that is not po, po_bo, po_sbo, po_so_vso, vo, mbo or all."""


class UnknownComponentError(TekortError, ValueError):
    """A backtest component that is not pupils, births, graduates, staff,
    share_55plus or shortage."""


class YearOutOfRangeError(TekortError, ValueError):
    """A year outside what the data and the model support."""


class InvalidValueError(TekortError, ValueError):
    """A number that is negative, not finite, or out of its allowed range."""


class InvalidArgumentError(TekortError, TypeError, ValueError):
    """An argument of the wrong kind: a text or a bool where a whole number
    is expected, a fraction such as ``until=2030.7`` where a year is, a
    pandas Series where a frame is. Both a ``TypeError`` and a ``ValueError``."""


class IntegerOverflowError(InvalidValueError, OverflowError):
    """A whole number too large (or too far below zero) for the integer the
    model takes: a year, ``start``, ``horizon`` or ``cutoffs`` beyond 32
    bits (``until=10**30``, ``start=-2**40``), ``draws``, ``runs`` or
    ``seed`` beyond 64 bits (``draws=2**64``). The message names the
    argument, the value and the range. Both an ``OverflowError`` (what
    Python raises for such a number) and a ``ValueError``
    (:class:`InvalidValueError`).

    >>> import tekort
    >>> try:
    ...     tekort.forecast(regions="nl", until=10**30)
    ... except OverflowError as e:
    ...     print(type(e).__name__, "until" in str(e))
    IntegerOverflowError True
    """


class InvalidScenarioError(TekortError, ValueError):
    """A scenario with an unknown key or an out-of-range lever."""


class InvalidParamsError(TekortError, ValueError):
    """Parameters with an unknown key or an out-of-range value."""


class InvalidDemographyError(TekortError, ValueError):
    """A births variant that does not exist, or a births file or frame that
    misses a municipality or a year the projection needs."""


class InvalidPupilsError(InvalidDemographyError):
    """A pupil forecast (``pupils=``) that names a region or sector not in
    the run, misses or doubles a year, or holds a count that is not one
    (a subclass of :class:`InvalidDemographyError`, which it was before).

    >>> import tekort, polars as pl
    >>> from tekort.errors import InvalidPupilsError
    >>> bad = pl.DataFrame({"region": ["Haaglandn"], "sector": ["po_bo"], "year": [2030], "pupils": [1]})
    >>> try:
    ...     tekort.forecast(pupils=bad)
    ... except InvalidPupilsError as e:
    ...     print(str(e).split(";")[0])
    invalid pupil forecast "pupils=": names region "Haaglandn", which is not in region system "arbeidsmarktregio"
    """


class DataError(TekortError, ValueError):
    """Input data that is inconsistent, incomplete or of the wrong type."""


class ColumnTypeError(DataError, TypeError):
    """A frame column of a type tekort cannot read, named with its type: a
    struct or a Python object, a date or a duration where a number or a
    text is read (``save`` writes dates and times as ISO 8601 text), a
    128-bit integer beyond the 64-bit range. Small integers (``Int8`` …
    ``UInt16``) are read as 64-bit integers, ``Decimal`` columns (pandas
    ``decimal.Decimal``, pyarrow ``decimal128``) as 64-bit floats. Both a
    ``TypeError`` and a ``ValueError`` (:class:`DataError`)."""


class UnsupportedFormatError(TekortError, ValueError):
    """An output file name that does not end in .csv, .parquet or .xlsx, or a
    frame beyond Excel's limits for an .xlsx file (rows, columns, text length)."""


class ReadError(TekortError, OSError):
    """A file that cannot be read."""


class WriteError(TekortError, OSError):
    """A file that cannot be written (nothing partial is left behind)."""


class InternalError(TekortError, RuntimeError):
    """A bug in tekort; please report it with the message."""


class CalibrationWarning(UserWarning):
    """An input had to be filled in or stood in for (e.g. a region without a
    shortage measurement gets the national mean); the message says which."""


class PlausibilityWarning(UserWarning):
    """A scenario lever outside its plausible band (e.g. ``class_size``
    outside 0.7–1.3, see docs/method.md, guard rails), demand levers that
    cancel out, a result with a shortage above 100 % of employment, or your
    own pupils that jump by more than 20 %, have gaps (interpolated), give a
    single year or name sectors not in the run; the message names the
    scenario and the lever (and the region, sector and year). Shown at
    every run: it is about your inputs, not the data.

    >>> import warnings, tekort
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = tekort.forecast(regions="nl", sector="vo", until=2027,
    ...                         scenarios=[tekort.Scenario("klein", class_size=0.5)])
    >>> any(issubclass(w.category, tekort.errors.PlausibilityWarning)
    ...     and "class_size = 0.5" in str(w.message) for w in caught)
    True
    """


def _plausibility(messages: "list[str]", stacklevel: int) -> None:
    """Issues the plausibility warnings of a run, every one every time."""
    import warnings

    for message in messages:
        warnings.warn(message, PlausibilityWarning, stacklevel=stacklevel + 1)


_once = True
_shown: set = set()


def warnings_once(once: bool = True) -> None:
    """Shows each distinct :class:`CalibrationWarning` once per session
    (``True``, the default) or at every call (``False``); either way the
    record of warnings already shown is cleared, so each shows again once.

    A notebook otherwise repeats the same note in every cell. The standard
    filters apply on top: ``warnings.filterwarnings("ignore",
    category=tekort.errors.CalibrationWarning)`` silences them all.

    >>> import tekort
    >>> tekort.warnings_once(False)  # every time, as plain warnings do
    >>> tekort.warnings_once()       # back to once per session
    """
    global _once
    if not isinstance(once, bool):
        raise InvalidArgumentError(f"once must be True or False, not {once!r}")
    _once = once
    _shown.clear()


def _calibration(notes: "list[str]", stacklevel: int) -> None:
    """Issues the calibration notes of a run as CalibrationWarnings, each
    distinct message once per session unless :func:`warnings_once` says otherwise."""
    import warnings

    for note in notes:
        if _once:
            if note in _shown:
                continue
            _shown.add(note)
        warnings.warn(note, CalibrationWarning, stacklevel=stacklevel + 1)
