"""Policy scenarios: named levers applied from a given year."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _core
from ._frames import read_text

__all__ = ["Scenario"]

_BANDS = ("under_30", "age_30_44", "age_45_59", "age_60_plus")
_LEVERS = (
    "zij_instroom",
    "training_intake",
    "returners",
    "fte_per_person",
    "class_size",
    "teaching_time",
    "substitute_capacity",
)

AowPath = Sequence[Union[Tuple[int, float], Mapping[str, float]]]


class Scenario:
    """A named set of policy levers, applied from ``from_year`` on.

    Every lever is a multiplier (1 is no change) on the quantity it names;
    ``outflow`` takes multipliers per age band (``under_30``, ``age_30_44``,
    ``age_45_59``, ``age_60_plus``) and ``aow_age`` a list of
    ``(from_year, age)`` steps. ``sectors`` limits the levers to sector
    groups (``"po"``, ``"vo"``, ``"mbo"``). Invalid values raise
    :class:`tekort.errors.InvalidScenarioError` naming the key.

    >>> import tekort
    >>> s = tekort.Scenario("meer zij-instroom", zij_instroom=1.5, from_year=2026)
    >>> s.zij_instroom
    1.5
    >>> print(s.to_toml().splitlines()[0])
    name = "meer zij-instroom"
    """

    name: str
    description: str
    from_year: Optional[int]
    sectors: List[str]
    zij_instroom: float
    training_intake: float
    returners: float
    outflow: Dict[str, float]
    fte_per_person: float
    class_size: float
    teaching_time: float
    substitute_capacity: float
    aow_age: List[Tuple[int, float]]

    def __init__(
        self,
        name: str,
        *,
        description: str = "",
        from_year: Optional[int] = None,
        sectors: Optional[Sequence[str]] = None,
        zij_instroom: float = 1.0,
        training_intake: float = 1.0,
        returners: float = 1.0,
        outflow: Optional[Mapping[str, float]] = None,
        fte_per_person: float = 1.0,
        class_size: float = 1.0,
        teaching_time: float = 1.0,
        substitute_capacity: float = 1.0,
        aow_age: Optional[AowPath] = None,
    ) -> None:
        self.name = name
        self.description = description
        self.from_year = from_year
        self.sectors = list(sectors or [])
        self.zij_instroom = zij_instroom
        self.training_intake = training_intake
        self.returners = returners
        self.outflow = {band: 1.0 for band in _BANDS}
        self.outflow.update(dict(outflow or {}))
        self.fte_per_person = fte_per_person
        self.class_size = class_size
        self.teaching_time = teaching_time
        self.substitute_capacity = substitute_capacity
        steps: List[Tuple[int, float]] = []
        for step in aow_age or []:
            if isinstance(step, Mapping):
                steps.append((int(step["from"]), float(step["age"])))
            else:
                steps.append((int(step[0]), float(step[1])))
        self.aow_age = steps
        self.validate()

    @classmethod
    def baseline(cls) -> "Scenario":
        """The built-in baseline: no levers."""
        return cls("baseline")

    @classmethod
    def from_toml_str(cls, text: str) -> "Scenario":
        """Reads a scenario from TOML text (see the README for the keys)."""
        return cls._from_dict(json.loads(_core.scenario_toml_to_json(text)))

    @classmethod
    def from_toml(cls, path: Union[str, Path]) -> "Scenario":
        """Reads a scenario file; without a ``name`` it is named after the file."""
        p = Path(path)
        text = read_text(p)
        if not any(line.strip().startswith("name") for line in text.splitlines()):
            text = f"name = {json.dumps(p.stem)}\n{text}"
        return cls.from_toml_str(text)

    @classmethod
    def _from_dict(cls, d: Mapping[str, Any]) -> "Scenario":
        return cls(
            d["name"],
            description=d.get("description", ""),
            from_year=d.get("from_year"),
            sectors=d.get("sectors", []),
            outflow=d.get("outflow"),
            aow_age=d.get("aow_age", []),
            **{k: d[k] for k in _LEVERS if k in d},
        )

    def to_dict(self) -> Dict[str, Any]:
        """The scenario as plain data (the TOML keys)."""
        return {
            "name": self.name,
            "description": self.description,
            "from_year": self.from_year,
            "sectors": list(self.sectors),
            **{k: float(getattr(self, k)) for k in _LEVERS},
            "outflow": {k: float(v) for k, v in self.outflow.items()},
            "aow_age": [{"from": int(y), "age": float(a)} for y, a in self.aow_age],
        }

    def _to_json(self) -> str:
        d = self.to_dict()
        values = [(k, d[k]) for k in _LEVERS] + [(f"outflow.{k}", v) for k, v in d["outflow"].items()]
        for key, value in values:
            if value != value or value in (float("inf"), float("-inf")):
                from .errors import InvalidScenarioError

                raise InvalidScenarioError(
                    f"invalid scenario {self.name!r}: {key} = {value} must be a finite number"
                )
        return json.dumps(d)

    def validate(self) -> None:
        """Checks every lever; raises InvalidScenarioError naming the key."""
        _core.validate_scenario(self._to_json())

    def to_toml(self) -> str:
        """The scenario as TOML text (loadable by the CLI's ``--scenario``)."""
        return _core.scenario_json_to_toml(self._to_json())

    def changed_levers(self) -> Dict[str, Any]:
        """Only the levers that differ from no change."""
        out: Dict[str, Any] = {k: getattr(self, k) for k in _LEVERS if getattr(self, k) != 1.0}
        bands = {k: v for k, v in self.outflow.items() if v != 1.0}
        if bands:
            out["outflow"] = bands
        if self.aow_age:
            out["aow_age"] = list(self.aow_age)
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        parts = [repr(self.name)]
        if self.from_year is not None:
            parts.append(f"from_year={self.from_year}")
        if self.sectors:
            parts.append(f"sectors={self.sectors!r}")
        parts += [f"{k}={v!r}" for k, v in self.changed_levers().items()]
        return f"Scenario({', '.join(parts)})"
