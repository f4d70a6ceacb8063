"""The model's parameter set, with attribute access."""

from __future__ import annotations

import copy
import difflib
import json
import math
import numbers
import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Union

from . import _core
from ._frames import _shown, read_text
from . import errors
from .errors import InvalidParamsError

__all__ = ["Params"]

_ESTIMATE_KEYS = ("value", "sd", "low", "high", "ess", "cv")
_ESTIMATE_EXAMPLE = '{"value": 0.05, "sd": 0.01}'


def _is_estimate(v: Any) -> bool:
    return isinstance(v, dict) and "value" in v


def _near(key: str, known: Iterator[str]) -> str:
    """`` (did you mean 'x'?)`` for a near miss among ``known``, else ``""``."""
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and type(v).__name__ != "bool_"


def _plain(value: Any, path: str) -> Any:
    """``value`` as plain JSON data: numpy scalars become int/float/bool,
    tuples lists; NaN, infinity and other objects raise naming ``path``."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, numbers.Integral):
        if abs(int(value)) >= 2**63:  # beyond every number of the parameters (and of JSON readers)
            raise InvalidParamsError(f"invalid value for {path}: {_shown(value)} (far out of range)")
        return int(value)
    if isinstance(value, numbers.Real):
        f = float(value)
        if not math.isfinite(f):
            raise InvalidParamsError(f"invalid value for {path}: {value!r} (must be a finite number)")
        return f
    if isinstance(value, dict):
        return {str(k): _plain(v, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{path}[{i}]") for i, v in enumerate(value)]
    raise InvalidParamsError(
        f"invalid value for {path}: {value!r} ({type(value).__name__} is not a number, text or list)"
    )


_CALIBRATED = {
    "hours.fte_per_person": (
        "the calibration rescales the fte per person to the measured employment, so this "
        "barely moves the result; Scenario(fte_per_person=…) is the lever that moves it"
    ),
}
"""Parameters the calibration rescales to a measurement (by the start of
their path), and what to use instead: setting one gives a
:class:`tekort.errors.CalibrationWarning`, once per session."""


def _calibrated(path: str) -> None:
    """Warns that the parameter ``path`` is rescaled by the calibration."""
    for prefix, why in _CALIBRATED.items():
        if path == prefix or path.startswith(prefix + "."):
            # __setattr__ of a section, then the user's line.
            errors._calibration([f"params {prefix}: {why}"], stacklevel=3)


def _checked(path: str, old: Any, value: Any) -> Any:
    """``value`` for the parameter ``path`` whose current value is ``old``:
    of the same kind (number, estimate, list, text, flag), as plain data,
    or InvalidParamsError naming the parameter and the value."""

    def bad(expected: str) -> InvalidParamsError:
        return InvalidParamsError(
            f"invalid value for {path}: {_shown(value)} ({expected}; it is now {old!r})"
        )

    if _is_estimate(old) or (_is_number(old) and not isinstance(old, numbers.Integral)):
        # A number, or an estimate with its uncertainty.
        if _is_number(value):
            return _plain(value, path)
        if isinstance(value, dict):
            unknown = [k for k in value if k not in _ESTIMATE_KEYS]
            if "value" not in value or unknown:
                raise bad(f"an estimate is a table with 'value' and one of sd, low/high, ess, cv, such as {_ESTIMATE_EXAMPLE}")
            for k, v in value.items():
                if not _is_number(v):
                    raise InvalidParamsError(f"invalid value for {path}.{k}: {v!r} (must be a number)")
            return _plain(value, path)
        raise bad(f"must be a number or an estimate such as {_ESTIMATE_EXAMPLE}")
    if isinstance(old, bool):
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return bool(value)
        raise bad("must be True or False")
    if isinstance(old, numbers.Integral):
        if _is_number(value) and (isinstance(value, numbers.Integral) or float(value).is_integer()):
            return _plain(int(value), path)
        raise bad("must be a whole number")
    if isinstance(old, str):
        if isinstance(value, str):
            return value
        raise bad("must be a text")
    if isinstance(old, list):
        if not isinstance(value, (list, tuple)):
            raise bad("must be a list")
        if all(_is_number(x) for x in old):
            for i, x in enumerate(value):
                if not _is_number(x):
                    raise InvalidParamsError(f"invalid value for {path}[{i}]: {x!r} (must be a number)")
        elif all(isinstance(x, dict) for x in old):
            for i, x in enumerate(value):
                if not isinstance(x, dict):
                    raise InvalidParamsError(
                        f"invalid value for {path}[{i}]: {x!r} (must be a table like {old[0]!r})"
                    )
        return _plain(value, path)
    return _plain(value, path)


_MISFIT = re.compile(r"^invalid parameters: invalid value for (?P<path>\S+) \((?P<reason>.*)\)$", re.DOTALL)
"""A value that does not fit its place, named by its path (``outflow.aow_age[1].age``:
``serde_path_to_error`` in the binding)."""


def _named(e: InvalidParamsError, data: Any) -> InvalidParamsError:
    """The error of a value that does not fit, with the value as Python
    writes it (``'x'``, not JSON's ``"x"``)."""
    m = _MISFIT.match(str(e))
    if not m:
        return e
    value: Any = data
    try:
        for key in re.findall(r"[^.\[\]]+", m["path"]):
            value = value[int(key)] if isinstance(value, list) else value[key]
    except (KeyError, IndexError, ValueError, TypeError):
        return e
    return InvalidParamsError(f"invalid value for {m['path']}: {value!r} ({m['reason']})")


class _Section:
    """A table of parameters; read and set values as attributes."""

    __slots__ = ("_data", "_path")

    def __init__(self, data: Dict[str, Any], path: str) -> None:
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_path", path)

    def _unknown(self, key: str) -> AttributeError:
        where = self._path or "params"
        return AttributeError(
            f"{where} has no parameter {key!r}{_near(key, iter(self._data))}; "
            f"known: {', '.join(sorted(self._data))}"
        )

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        data = object.__getattribute__(self, "_data")
        if key not in data:
            raise self._unknown(key)
        value = data[key]
        if isinstance(value, dict) and not _is_estimate(value):
            return _Section(value, f"{self._path}.{key}".lstrip("."))
        return value

    def __setattr__(self, key: str, value: Any) -> None:
        if key not in self._data:
            raise self._unknown(key)
        old = self._data[key]
        path = f"{self._path}.{key}".lstrip(".")
        if isinstance(old, dict) and not _is_estimate(old):
            if not isinstance(value, _Section):
                raise AttributeError(f"{path} is a table; set its entries instead")
            self._data[key] = value._data
            return
        self._data[key] = _checked(path, old, value)
        _calibrated(path)

    def __dir__(self) -> List[str]:
        return sorted(self._data)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def to_dict(self) -> Dict[str, Any]:
        """A deep copy as plain data."""
        return copy.deepcopy(self._data)

    def __repr__(self) -> str:
        lines = [f"[{self._path or 'params'}]"]
        for k, v in self._data.items():
            shown = "{…}" if isinstance(v, dict) and not _is_estimate(v) else repr(v)
            lines.append(f"  {k} = {shown}")
        return "\n".join(lines)


class Params(_Section):
    """All assumptions of the model, documented in ``docs/method.md``.

    Read and change values as attributes, then pass the object to
    :func:`tekort.forecast`. A value is a number or an estimate with its
    uncertainty (``{"value": 0.05, "sd": 0.01}``). Unknown keys raise
    ``AttributeError``; out-of-range values raise
    :class:`tekort.errors.InvalidParamsError` when validated or used.
    Setting a parameter the calibration rescales to a measurement
    (``hours.fte_per_person``, rescaled to the measured employment) gives a
    :class:`tekort.errors.CalibrationWarning` once, naming the scenario
    lever that moves the result instead (``Scenario(fte_per_person=…)``).

    >>> import tekort
    >>> p = tekort.Params.default()
    >>> p.workforce.employment_fte.po
    101031.0
    >>> p.workforce.employment_fte.po = 95000
    >>> tekort.Params.from_toml_str(p.to_toml()).workforce.employment_fte.po
    95000.0
    """

    __slots__ = ()

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data, "")

    @classmethod
    def default(cls) -> "Params":
        """The documented default parameter set."""
        return cls(json.loads(_core.default_params_json()))

    @classmethod
    def from_toml_str(cls, text: str) -> "Params":
        """Parameters from TOML text, laid over the defaults (partial files are fine)."""
        return cls(json.loads(_core.params_toml_to_json(text)))

    @classmethod
    def from_toml(cls, path: Union[str, Path]) -> "Params":
        """Parameters from a TOML file, laid over the defaults."""
        return cls.from_toml_str(read_text(path))

    def _to_json(self) -> str:
        """The parameters as JSON, validated: an error names the parameter."""
        text = json.dumps(self._data, allow_nan=False)
        try:
            _core.validate_params(text)
        except InvalidParamsError as e:
            raise _named(e, self._data) from None
        return text

    def to_toml(self) -> str:
        """The full parameter set as TOML (validated first)."""
        return _core.params_json_to_toml(self._to_json())

    def validate(self) -> None:
        """Checks every value; raises InvalidParamsError naming the key."""
        self._to_json()

    def copy(self) -> "Params":
        """An independent copy."""
        return Params(copy.deepcopy(self._data))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Params) and self._data == other._data

    def __repr__(self) -> str:
        return "Params(" + ", ".join(self._data) + ")  # see .to_toml()"
