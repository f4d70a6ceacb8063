"""The model's parameter set, with attribute access."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, Union

from . import _core
from ._frames import read_text

__all__ = ["Params"]


def _is_estimate(v: Any) -> bool:
    return isinstance(v, dict) and "value" in v


class _Section:
    """A table of parameters; read and set values as attributes."""

    __slots__ = ("_data", "_path")

    def __init__(self, data: Dict[str, Any], path: str) -> None:
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_path", path)

    def _unknown(self, key: str) -> AttributeError:
        where = self._path or "params"
        return AttributeError(
            f"{where} has no parameter {key!r}; known: {', '.join(sorted(self._data))}"
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
        if isinstance(old, dict) and not _is_estimate(old) and not isinstance(value, _Section):
            raise AttributeError(f"{self._path}.{key} is a table; set its entries instead")
        self._data[key] = value._data if isinstance(value, _Section) else value

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
        return json.dumps(self._data)

    def to_toml(self) -> str:
        """The full parameter set as TOML (validated first)."""
        return _core.params_json_to_toml(self._to_json())

    def validate(self) -> None:
        """Checks every value; raises InvalidParamsError naming the key."""
        _core.validate_params(self._to_json())

    def copy(self) -> "Params":
        """An independent copy."""
        return Params(copy.deepcopy(self._data))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Params) and self._data == other._data

    def __repr__(self) -> str:
        return "Params(" + ", ".join(self._data) + ")  # see .to_toml()"
